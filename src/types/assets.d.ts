// The Scalar bundle is imported `with { type: 'file' }`: Bun gives its path
// (a /$bunfs/ path inside the compiled binary), not a module.
declare module '*/standalone.js' {
  const path: string
  export default path
}
