import { SessionManager } from './session-manager';

export default function SessionsPage() {
  return (
    <>
      <h1>Your session</h1>
      <SessionManager />
    </>
  );
}
