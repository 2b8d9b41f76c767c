// Placeholder entry so `vite build` (run by the root `npm run build`) succeeds. The React
// dashboard replaces this once react, react-dom and uplot are installed in this workspace.
const root = document.getElementById('root');
if (root) {
  const heading = document.createElement('h1');
  heading.textContent = 'Ramp';
  const note = document.createElement('p');
  note.textContent = 'The dashboard is not built yet. Use the HTTP API or the `ramp` CLI.';
  root.append(heading, note);
}
