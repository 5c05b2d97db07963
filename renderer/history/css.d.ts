/** Vite bundles the stylesheets a component imports for its side effects. */
declare module '*.css';
