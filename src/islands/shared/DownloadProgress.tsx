import Action from './Action';
import { fill } from './fill';
import type { DownloadStrings } from './strings';

/** A heavy download under way (bytes of the files, as the build measured them), or one that failed. */
export type Download = { kind: 'running'; loaded: number; total: number } | { kind: 'failed'; message: string };

interface Props {
  strings: DownloadStrings;
  /** what is being downloaded, worded for the sentence ("ONNX Runtime and the model") */
  what: string;
  download: Download;
  /** offered with a failure; where the caller goes on without the download, there is none */
  onRetry?: () => void;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

/** Where the reader is looking: how far a download is, or why it stopped and a way to try again. */
export default function DownloadProgress({ strings: s, what, download, onRetry }: Props) {
  if (download.kind === 'failed') {
    return (
      <div class="island__download" role="alert">
        <p class="island__error">{fill(s['download.failed'], { what, message: download.message })}</p>
        {onRetry && (
          <Action secondary onClick={onRetry}>
            {s['download.retry']}
          </Action>
        )}
      </div>
    );
  }
  const text = fill(s['download.progress'], { what, done: mb(Math.min(download.loaded, download.total)), total: mb(download.total) });
  return (
    <div class="island__download">
      <progress max={download.total} value={Math.min(download.loaded, download.total)} aria-label={text} />
      <span aria-hidden="true">{text}</span>
    </div>
  );
}
