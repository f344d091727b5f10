import { auth } from '@latchkey/nextjs/server';

export async function GET() {
  const { userId } = await auth();
  return Response.json({ hello: 'world', signedIn: userId !== null });
}
