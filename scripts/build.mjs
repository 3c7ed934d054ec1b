// `npm run build`: the browser client -> dist/client (Vite). The server runs from source with tsx.
import { build } from 'vite';

await build({ logLevel: 'info' });
