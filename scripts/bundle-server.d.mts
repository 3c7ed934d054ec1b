export function serverCommand(root: string): Promise<{ args: string[]; env: Record<string, string> }>;
