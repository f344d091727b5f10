export function App() {
  return <p>Latchkey dashboard</p>;
}
