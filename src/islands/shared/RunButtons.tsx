import Action from './Action';

interface Props {
  labels: { start: string; pause: string; resume: string; stop: string };
  /** the settings are valid and no run is under way */
  canStart: boolean;
  /** the run's phase: Pause works while it runs, Resume while it is paused */
  phase: string;
  /** a run is under way (starting, running or paused): Stop works */
  running: boolean;
  stopping: boolean;
  onStart: () => void;
  onPause: () => void;
  onResume: () => void;
  onStop: () => void;
}

/** A lab's Start, Pause/Resume and Stop. */
export default function RunButtons({ labels, canStart, phase, running, stopping, onStart, onPause, onResume, onStop }: Props) {
  const paused = phase === 'paused';
  return (
    <div class="island__controls">
      <Action onClick={onStart} disabled={!canStart}>
        {labels.start}
      </Action>
      <Action secondary onClick={paused ? onResume : onPause} disabled={(phase !== 'running' && !paused) || stopping}>
        {paused ? labels.resume : labels.pause}
      </Action>
      <Action secondary onClick={onStop} disabled={!running || stopping}>
        {labels.stop}
      </Action>
    </div>
  );
}
