/** Vite bundles the stylesheets the leadership views import for their side effects. */
declare module '*.css';
