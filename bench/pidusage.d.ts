declare module 'pidusage' {
  function pidusage(pids: number[]): Promise<Record<string, { cpu: number; memory: number }>>;
  export default pidusage;
}
