import { TokenHelper } from './token-helper';

export default function TokenPage() {
  return (
    <>
      <h1>Token helper</h1>
      <TokenHelper />
    </>
  );
}
