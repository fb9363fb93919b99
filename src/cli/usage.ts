export const USAGE = `amazon-logs: triage the logs of an Amazon sales-channel integration

Usage:
  amazon-logs [FILE] [--read-only] [--actor NAME]
      open the terminal dashboard on a snapshot (default: the demo snapshot,
      data/demo.db, generated when missing)
  amazon-logs list TAB [--db FILE] [--search TEXT] [--order REF] [--sku SKU]
      [--type TYPE] [--from DATE] [--to DATE] [--status STATUS] [--code CODE]
      [--transaction ID] [--hide-resolved] [--errors-only] [--limit N]
      [--format table|json|csv]
  amazon-logs show TAB ID [--db FILE] [--format text|json]
  amazon-logs resolve|unresolve|rerun|resolve-rerun TAB ID... [--db FILE]
      [--actor NAME]
  amazon-logs resolve|unresolve|rerun|resolve-rerun TAB --FILTER... [--db FILE]
      act on every row the filters match (the filter flags of list, at
      least one; e.g. rerun errors --code ORD_SKU_UNLINKED --hide-resolved)
  amazon-logs import orders|order-items|report|listings|items FILE... --db FILE
      [--actor NAME] [--dry-run]
      import Amazon's data (saved getOrders or getOrderItems responses, the
      All Orders or All Listings report) or the ERP's items and stock (CSV);
      new orders are queued for the schedule. --dry-run writes nothing
  amazon-logs demo --out FILE [--transactions N] [--seed S] [--force]
  amazon-logs replay FILE
      apply the actions a dashboard session journaled but could not save
      (the file changed on disk meanwhile) to the file as it is now

TAB is orders, inventory, logs or errors. Dates are YYYY-MM-DD (inclusive) or
full ISO-8601 UTC. Actions are saved to the file before the command reports;
the actor recorded in audit_log is --actor, else the OS user.

Exit status: 0 done; 1 a re-run is still failing (the re-run itself was
recorded and saved), or an import had bad rows (listed on stderr; the good
ones were imported and saved); 2 bad arguments or a bad file (nothing was
written).

Options:
  -h, --help      show this help
  -v, --version   show the version
`;
