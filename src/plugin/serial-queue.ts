/**
 * Runs async tasks one after another in arrival order. Messages from the UI are handled this way, so that a
 * `finish-generation` never overtakes the `place-image` sent before it while that one is still placing.
 */
export function serialQueue(onError: (error: unknown) => void): (task: () => Promise<void> | void) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (task) => {
    tail = tail.then(task).catch(onError);
    return tail;
  };
}
