// Side-effect imports of CSS files (uPlot's stylesheet): Vite bundles them; they export nothing.
declare module '*.css'
