// Floor: Ink draws one line, bundled by the bench as the binary is (BUNDLE in esbuild.config.mjs).
import { render, Text } from 'ink';
import { createElement } from 'react';

const { unmount } = render(createElement(Text, null, `  ${new Date().toISOString()} Ink drew this line`));
setTimeout(unmount, 1000);
