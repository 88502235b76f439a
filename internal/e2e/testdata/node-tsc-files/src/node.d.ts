// The few Node.js declarations the server uses, so that the build needs no @types/node.
declare const __dirname: string;
declare const process: { env: Record<string, string | undefined> };
declare module 'node:http' {
  interface Response { writeHead(status: number, headers: Record<string, string>): void; end(body: string): void }
  export function createServer(handler: (req: { url?: string }, res: Response) => void): { listen(port: number): void };
}
declare module 'node:fs' { export function readFileSync(file: string, encoding: 'utf8'): string }
declare module 'node:path' { export function join(...parts: string[]): string }
