-- amazon-app-logs snapshot format, schema_version 2 (src/db/migrate.ts upgrades a
-- version-1 file: its steps say what changed).
--
-- A snapshot is one SQLite file holding an ERP's Amazon sales-channel app:
-- its settings, ERP items and stock, Amazon orders, and the log of every
-- transaction the integration ran, with the errors to triage.
-- Other programs produce snapshots from this file: the names below are a
-- contract. Every column beyond the required ones has a default, so a
-- producer that writes only the documented names still makes a valid file.
-- Dates are ISO-8601 UTC text, e.g. 2026-11-27T08:49:23Z.

-- Key/value facts about the file itself. Required row: schema_version.
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY, -- 'schema_version', 'generator', 'created_at', ...
  value TEXT NOT NULL     -- the value as text; schema_version is an integer
);

-- The app's settings that drive processing.
-- Keys: auto_process ('1'/'0'), drop_as ('sales_order'|'invoice', for MFN
-- orders), drop_as_afn (same, for AFN orders), ship_store (store code whose
-- stock is committed and synced), default_customer, use_default_sku
-- ('1'/'0'), default_sku (ERP item used for unlinked Amazon SKUs when
-- use_default_sku is '1'), integration_start_date (orders purchased earlier
-- are skipped), send_fulfillments ('1'/'0').
CREATE TABLE IF NOT EXISTS settings (
  key   TEXT PRIMARY KEY, -- setting name, see above
  value TEXT              -- setting value as text
);

-- ERP items (the ERP's product master).
CREATE TABLE IF NOT EXISTS items (
  sku         TEXT PRIMARY KEY,           -- ERP item number
  description TEXT NOT NULL DEFAULT '',   -- item description
  active      INTEGER NOT NULL DEFAULT 1  -- 1 = active, 0 = inactive (orders for it fail)
);

-- Amazon seller SKUs linked to ERP items.
CREATE TABLE IF NOT EXISTS sku_links (
  amazon_sku TEXT PRIMARY KEY, -- Amazon SellerSKU
  item_sku   TEXT NOT NULL,    -- ERP item it maps to (items.sku)
  asin       TEXT,             -- Amazon ASIN, 10 characters, e.g. B07XJ8C8F5
  linked_at  TEXT              -- when the link was made
);

-- Stock per ERP item and store.
CREATE TABLE IF NOT EXISTS stock (
  item_sku  TEXT NOT NULL,              -- items.sku
  store     TEXT NOT NULL,              -- store / warehouse code
  on_hand   INTEGER NOT NULL DEFAULT 0, -- physical quantity
  committed INTEGER NOT NULL DEFAULT 0, -- quantity reserved by open sales orders
  PRIMARY KEY (item_sku, store)
);

-- Amazon orders as imported (the Orders tab).
CREATE TABLE IF NOT EXISTS orders (
  id                  INTEGER PRIMARY KEY,          -- local row id
  order_ref           TEXT NOT NULL UNIQUE,         -- AmazonOrderId, 3-7-7 digits
  purchase_date       TEXT,                         -- Amazon PurchaseDate
  amazon_status       TEXT,                         -- Amazon OrderStatus: Pending, Unshipped, Shipped, Canceled, ...
  fulfillment_channel TEXT NOT NULL DEFAULT 'MFN',  -- 'MFN' merchant fulfilled | 'AFN' fulfilled by Amazon
  ship_service_level  TEXT,                         -- ShipmentServiceLevelCategory: Standard, Expedited, ...
  ship_city           TEXT,                         -- ShippingAddress.City
  ship_state          TEXT,                         -- ShippingAddress.StateOrRegion
  ship_postal_code    TEXT,                         -- ShippingAddress.PostalCode
  ship_country        TEXT,                         -- ShippingAddress.CountryCode
  currency            TEXT NOT NULL DEFAULT 'USD',  -- OrderTotal.CurrencyCode
  total               REAL NOT NULL DEFAULT 0,      -- OrderTotal.Amount
  status              TEXT NOT NULL DEFAULT 'Pending', -- 'Pending' | 'Dropped' | 'Error' | 'Skipped' in the ERP
  xoro_ref            TEXT,                         -- number of the ERP document it was dropped as
  resolved            INTEGER NOT NULL DEFAULT 0,   -- 1 = nothing left to do in any of its transactions (import and
                                                    -- shipment confirmation), or marked resolved by a user
  import_date         TEXT,                         -- when the integration first imported it
  updated_at          TEXT,                         -- last change by the integration or a user
  buyer_name          TEXT NOT NULL DEFAULT '',     -- buyer's name as sent by Amazon (display only)
  skip_reason         TEXT,                         -- why a Skipped order is not imported: 'canceled on Amazon', ...
  amazon_updated_at   TEXT                          -- Amazon LastUpdateDate
);

-- Order lines (Amazon order items).
CREATE TABLE IF NOT EXISTS order_lines (
  order_id   INTEGER NOT NULL,           -- orders.id
  line_no    INTEGER NOT NULL,           -- 1-based line number
  amazon_sku TEXT NOT NULL,              -- SellerSKU
  asin       TEXT,                       -- ASIN
  title      TEXT,                       -- product title
  qty        INTEGER NOT NULL DEFAULT 1, -- QuantityOrdered
  unit_price REAL NOT NULL DEFAULT 0,    -- ItemPrice per unit
  order_item_id TEXT,                    -- Amazon OrderItemId (14 digits), when known
  PRIMARY KEY (order_id, line_no)
);

-- ERP documents that dropping an order created.
CREATE TABLE IF NOT EXISTS documents (
  id         INTEGER PRIMARY KEY,  -- local row id
  kind       TEXT NOT NULL,        -- 'sales_order' | 'invoice'
  number     TEXT NOT NULL UNIQUE, -- SO-000123 | INV-000123
  order_ref  TEXT NOT NULL UNIQUE, -- orders.order_ref: at most one document per order
  created_at TEXT,                 -- when it was created
  total      REAL NOT NULL DEFAULT 0 -- document total
);

-- Shipments recorded in the ERP, to confirm to Amazon.
CREATE TABLE IF NOT EXISTS shipments (
  order_ref       TEXT NOT NULL, -- orders.order_ref
  carrier_code    TEXT,          -- carrierCode: UPS, USPS, FedEx, DHL, Other
  carrier_name    TEXT,          -- carrierName, required when carrier_code is 'Other'
  tracking_number TEXT,          -- trackingNumber
  ship_date       TEXT,          -- shipDate
  confirmed_by    INTEGER        -- transactions.id of the Fulfillment Update that confirmed it to Amazon;
                                 -- NULL until then. A confirmed shipment is never sent again.
);

-- Amazon shipment service levels mapped to the ERP's ship-via codes.
CREATE TABLE IF NOT EXISTS ship_methods (
  service_level TEXT PRIMARY KEY, -- Amazon ShipmentServiceLevelCategory
  ship_via      TEXT NOT NULL     -- ERP ship-via code
);

-- Every run of the integration pipeline (the Logs tab). A run that is queued and
-- not yet processed has status 'Pending' and no start_date; `amazon-logs process`
-- runs it, as the integration's schedule would.
-- Runs of the same thing (an order's import, an order's shipment confirmation, a
-- SKU's inventory feed, a SKU's link) are one problem: when a later run of it
-- finishes, the earlier open runs and their errors are closed with superseded_by
-- set to it, so only the newest run's errors are open.
CREATE TABLE IF NOT EXISTS transactions (
  id          INTEGER PRIMARY KEY,           -- transaction id
  type        TEXT NOT NULL,                 -- 'Order Import' | 'Inventory Sync' | 'Inventory Update' | 'Fulfillment Update' | 'Link SKU'
  entity_type TEXT NOT NULL,                 -- 'Order' | 'Inventory' | 'Fulfillment' | 'SKU'
  direction   TEXT NOT NULL,                 -- 'Amazon to Xoro' | 'Xoro to Amazon'
  order_ref   TEXT,                          -- order it concerns, if any
  sku         TEXT,                          -- Amazon SKU it concerns, if any
  import_date TEXT,                          -- when the transaction was queued
  start_date  TEXT,                          -- when processing started
  end_date    TEXT,                          -- when processing ended
  status      TEXT NOT NULL DEFAULT 'Pending', -- 'Pending' | 'Success' | 'Error'
  resolved    INTEGER NOT NULL DEFAULT 0,    -- 1 = nothing left to do (succeeded, or all its errors resolved)
  sync_type   TEXT NOT NULL DEFAULT 'Auto',  -- 'Auto' (scheduled) | 'Manual' (a user's re-run)
  message     TEXT NOT NULL DEFAULT '',      -- the step reached and its outcome
  payload     TEXT NOT NULL DEFAULT '{}',    -- JSON input of the run (Amazon order, feed item, link request)
  rerun_of    INTEGER,                       -- transactions.id this run re-ran, if a re-run
  superseded_by INTEGER                      -- transactions.id of the later run of the same thing that closed it
);

-- Stock adjustments and syncs in the ship store (the Inventory tab).
CREATE TABLE IF NOT EXISTS inventory_log (
  id             INTEGER PRIMARY KEY,        -- row id
  transaction_id INTEGER,                    -- transactions.id that wrote it
  sku            TEXT NOT NULL,              -- Amazon SKU (or ERP item for commits)
  store          TEXT,                       -- store code
  qty_before     INTEGER,                    -- available quantity before
  qty_after      INTEGER,                    -- available quantity after
  reason         TEXT NOT NULL DEFAULT '',   -- why: 'Scheduled sync', 'Committed to SO-000123', ...
  adjusted_at    TEXT,                       -- when
  status         TEXT NOT NULL DEFAULT 'Success', -- 'Pending' | 'Success' | 'Error'
  resolved       INTEGER NOT NULL DEFAULT 0  -- 1 = nothing left to do
);

-- One row per failure of a transaction (the Errors tab).
CREATE TABLE IF NOT EXISTS errors (
  id             INTEGER PRIMARY KEY,        -- row id
  transaction_id INTEGER,                    -- transactions.id that failed
  order_ref      TEXT,                       -- order concerned, if any
  sku            TEXT,                       -- Amazon SKU concerned, if any
  code           TEXT NOT NULL,              -- code from the error catalogue, e.g. ORD_SKU_UNLINKED
  message        TEXT NOT NULL DEFAULT '',   -- human text, Amazon's own where it has one
  created_at     TEXT,                       -- when it was recorded
  resolved       INTEGER NOT NULL DEFAULT 0, -- 1 = resolved by a user, or closed by a later run (superseded_by)
  severity       TEXT NOT NULL DEFAULT 'error', -- 'error' | 'warning' | 'info'; only errors count as open
  superseded_by  INTEGER                     -- transactions.id of the later run of the same thing that closed it
);

-- Who did what, when: every user action.
CREATE TABLE IF NOT EXISTS audit_log (
  id           INTEGER PRIMARY KEY, -- row id
  at           TEXT NOT NULL,       -- when
  actor        TEXT NOT NULL,       -- user name (--actor, else the OS user)
  action       TEXT NOT NULL,       -- 'resolve' | 'unresolve' | 'rerun' | 'resolve-rerun' | 'process' | 'link-sku' |
                                    -- 'relink-sku' | 'map-ship-service' | 'import'
  target_table TEXT NOT NULL,       -- 'orders' | 'inventory_log' | 'transactions' | 'errors'; an import names the table
                                    -- it mainly wrote: 'orders', 'order_lines', 'listings' or 'items'
  target_id    INTEGER NOT NULL,    -- row id in target_table; 0 for an import (it writes many rows: detail has the counts)
  detail       TEXT NOT NULL DEFAULT '' -- outcome, e.g. 'new transaction 2043: Success'
);

-- Messages that would go to Amazon (listings feeds, shipment confirmations).
CREATE TABLE IF NOT EXISTS outbox (
  id             INTEGER PRIMARY KEY, -- row id
  created_at     TEXT,                -- when
  feed_type      TEXT NOT NULL,       -- 'JSON_LISTINGS_FEED' | 'SHIPMENT_CONFIRMATION'
  payload        TEXT NOT NULL,       -- JSON body as Amazon's API takes it
  transaction_id INTEGER              -- transactions.id that wrote it
);

-- Amazon's listings of the seller (the "All Listings" report): the Amazon side of
-- SKU links, so a SKU with no link shows before an order fails on it.
CREATE TABLE IF NOT EXISTS listings (
  amazon_sku          TEXT PRIMARY KEY, -- seller-sku
  asin                TEXT,             -- asin1
  title               TEXT,             -- item-name
  price               REAL,             -- price
  quantity            INTEGER,          -- quantity listed (MFN)
  fulfillment_channel TEXT,             -- 'MFN' | 'AFN'
  status              TEXT,             -- Active, Inactive, Incomplete, ...
  open_date           TEXT,             -- when the listing was created on Amazon
  imported_at         TEXT              -- when it was last imported from a report
);

-- Indexes for the four tabs' filters, toggles and newest-first order. SQLite
-- keeps the rowid at the end of every index entry, so (x, date) also serves
-- "ORDER BY date DESC, id DESC" and keyset paging within one x. The toggles
-- (Hide Resolved, Show Errors Only) use partial indexes: they hold only the
-- few open or failed rows, so they stay small and their counts are cheap.
CREATE INDEX IF NOT EXISTS orders_by_date        ON orders(purchase_date);
CREATE INDEX IF NOT EXISTS orders_open_by_date   ON orders(purchase_date, status) WHERE resolved = 0;
CREATE INDEX IF NOT EXISTS orders_failed_by_date ON orders(purchase_date, resolved) WHERE status = 'Error';
CREATE INDEX IF NOT EXISTS orders_by_status      ON orders(status, purchase_date);
CREATE INDEX IF NOT EXISTS order_lines_by_sku    ON order_lines(amazon_sku);
CREATE INDEX IF NOT EXISTS shipments_by_order    ON shipments(order_ref);
CREATE INDEX IF NOT EXISTS tx_by_date            ON transactions(import_date);
CREATE INDEX IF NOT EXISTS tx_by_type            ON transactions(type, import_date);
CREATE INDEX IF NOT EXISTS tx_by_order           ON transactions(order_ref) WHERE order_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_by_sku             ON transactions(sku) WHERE sku IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_open_by_date       ON transactions(import_date, status) WHERE resolved = 0;
CREATE INDEX IF NOT EXISTS tx_failed_by_date     ON transactions(import_date, resolved) WHERE status = 'Error';
CREATE INDEX IF NOT EXISTS tx_reruns             ON transactions(rerun_of) WHERE rerun_of IS NOT NULL;
CREATE INDEX IF NOT EXISTS tx_pending            ON transactions(import_date) WHERE status = 'Pending';
CREATE INDEX IF NOT EXISTS inv_by_date           ON inventory_log(adjusted_at);
CREATE INDEX IF NOT EXISTS inv_by_sku            ON inventory_log(sku);
CREATE INDEX IF NOT EXISTS inv_open_by_date      ON inventory_log(adjusted_at, status) WHERE resolved = 0;
CREATE INDEX IF NOT EXISTS inv_failed_by_date    ON inventory_log(adjusted_at, resolved) WHERE status = 'Error';
CREATE INDEX IF NOT EXISTS inv_by_tx             ON inventory_log(transaction_id);
CREATE INDEX IF NOT EXISTS errors_by_date        ON errors(created_at);
CREATE INDEX IF NOT EXISTS errors_by_tx          ON errors(transaction_id);
CREATE INDEX IF NOT EXISTS errors_by_order       ON errors(order_ref) WHERE order_ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS errors_by_sku         ON errors(sku) WHERE sku IS NOT NULL;
CREATE INDEX IF NOT EXISTS errors_by_code_date   ON errors(code, created_at);
CREATE INDEX IF NOT EXISTS errors_open_by_date   ON errors(created_at, severity) WHERE resolved = 0;
CREATE INDEX IF NOT EXISTS errors_failing_by_date ON errors(created_at, resolved) WHERE severity = 'error';
CREATE INDEX IF NOT EXISTS audit_by_target       ON audit_log(target_table, target_id);
-- A transaction's detail lists the messages it queued (without this, a scan of the whole outbox).
CREATE INDEX IF NOT EXISTS outbox_by_tx          ON outbox(transaction_id);

INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '2');
