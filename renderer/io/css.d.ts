/** Vite bundles the CSS a component imports; TypeScript only needs to know such imports exist. */
declare module '*.css';
