/** What the rest of the system needs from the click buffer: make buffered clicks visible now. */
export interface ClickFlusher {
  flush(): Promise<void>;
}
