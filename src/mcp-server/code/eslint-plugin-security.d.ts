// eslint-plugin-security ships no type declarations; this is the part the analyser uses.
declare module 'eslint-plugin-security' {
  import type { ESLint, Linter } from 'eslint';
  const plugin: ESLint.Plugin & { configs: { recommended: { rules: Linter.RulesRecord } } };
  export default plugin;
}

// eslint-plugin-no-unsanitized ships no type declarations either; it is a plain flat-config plugin.
declare module 'eslint-plugin-no-unsanitized' {
  import type { ESLint } from 'eslint';
  const plugin: ESLint.Plugin;
  export default plugin;
}
