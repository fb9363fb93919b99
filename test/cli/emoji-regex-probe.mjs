// Preloaded into the CLI (NODE_OPTIONS=--import): says on stderr, as the process exits, how many
// regexes of Unicode's emoji property it built (string-width builds one as it loads).
const Built = globalThis.RegExp;
let built = 0;
globalThis.RegExp = new Proxy(Built, {
  construct(target, args, newTarget) {
    if (String(args[0]).includes('RGI_Emoji')) built++;
    return Reflect.construct(target, args, newTarget);
  },
});
process.on('exit', () => process.stderr.write(`emoji regexes built: ${built}\n`));
