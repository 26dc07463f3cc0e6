// dcmjs ships no type declarations. The module is imported statically (so the Electron hub bundle
// includes it) and its default export is narrowed where it is used (server/dicomweb/dicom/json.ts).
declare module 'dcmjs' {
  const dcmjs: unknown;
  export default dcmjs;
}
