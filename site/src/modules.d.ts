// Module shapes the Cloudflare adapter and Vite provide at build time.
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}
declare module '*.woff?inline' {
  /** A base64 data URL. */
  const dataUrl: string;
  export default dataUrl;
}
