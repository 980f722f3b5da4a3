// Vite bundles the console's stylesheet from a side-effect import.
declare module '*.css'
