export default function Unauthorized() {
  return (
    <>
      <h1 data-testid="unauthorized-title">Unauthorized</h1>
      <p>You need the org:admin role in your active organization to see that page.</p>
    </>
  );
}
