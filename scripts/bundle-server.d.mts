export function bundleServer(root: string): Promise<string | undefined>;
export function serverCommand(root: string): Promise<{ args: string[]; env: Record<string, string> }>;
