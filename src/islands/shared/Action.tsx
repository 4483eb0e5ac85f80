import type { ComponentChildren } from 'preact';

interface Props {
  onClick: () => void;
  disabled?: boolean;
  secondary?: boolean;
  children: ComponentChildren;
  testId?: string;
}

/**
 * A button that stays focusable while unavailable (aria-disabled, not disabled): pressing Enter on
 * Start disables it, and a disabled button would drop the reader's focus to the page and make the
 * next Tab skip past it.
 */
export default function Action({ onClick, disabled = false, secondary = false, children, testId }: Props) {
  return (
    <button
      type="button"
      class={secondary ? 'secondary' : undefined}
      aria-disabled={disabled ? 'true' : undefined}
      data-testid={testId}
      onClick={() => {
        if (!disabled) onClick();
      }}
    >
      {children}
    </button>
  );
}
