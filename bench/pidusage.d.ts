declare module 'pidusage' {
  function pidusage(pids: number[]): Promise<Record<string, { cpu: number; memory: number }>>;
  namespace pidusage {
    /** Forgets the history, closing the stat fds pidusage keeps open between calls. */
    function clear(): void;
  }
  export default pidusage;
}
