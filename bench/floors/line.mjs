// Floor: Node prints one line that the bench reads as a data row.
process.stdout.write(`  ${new Date().toISOString()} Node printed this line\n`);
