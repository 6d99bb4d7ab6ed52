/**
 * A count of slots taken without waiting: `tryTake` gives a release function, or null when every
 * slot is taken. The fetch worker keeps one for the polls of failing feeds, so that feeds that
 * time out on every poll never hold all of its fetch slots.
 */
export interface PollSlots {
  tryTake(): (() => void) | null;
  /** Slots taken now. */
  readonly taken: number;
}

export function createPollSlots(size: number): PollSlots {
  let taken = 0;
  return {
    tryTake() {
      if (taken >= size) return null;
      taken++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        taken--;
      };
    },
    get taken() {
      return taken;
    },
  };
}
