import { effect, type Signal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { formatForField, type NumberField } from './field';
import { readLinkSettings, writeLinkSettings, type LinkValue } from './url-settings';

/** A setting chosen from a list (a select), as a link may ask for it. */
export interface ChoiceSetting<T extends string = string> {
  value: Signal<T>;
  /** every value the control offers; a link asking for anything else is refused */
  options: readonly T[];
  /** The link's value when it is not one of the options, for the island to say so by the control; the control keeps its value. */
  refused: Signal<string | null>;
}

export type LinkSetting = NumberField | ChoiceSetting;

const isField = (setting: LinkSetting): setting is NumberField => 'input' in setting;

/** What a setting shows now: a field's text, a choice's value. */
const shown = (setting: LinkSetting) => (isField(setting) ? setting.text.peek() : setting.value.peek());

/** The parameter a setting asks for, against the value the island started with (see {@link LinkValue}). */
function linkValue(setting: LinkSetting, start: number | string): LinkValue {
  if (isField(setting)) {
    const value = setting.value.value;
    return setting.error.value !== null ? undefined : value === start ? null : formatForField(value);
  }
  const value = setting.value.value;
  return setting.refused.value !== null ? undefined : value === start ? null : value;
}

// Chromium warns on the console (and then ignores calls) past 200 history updates in 10 s; every
// gradient step of the stepper sets ten fields, so writes are gathered and made once typing pauses.
const writeDelayMs = 250;

/**
 * An island's settings in the page's URL, so that a link opens the demo as the reader left it.
 * `settings` maps each parameter's name to its field or choice (`useUrlSettings('mnist', { epochs })`
 * reads and writes `?mnist.epochs=`); the names are part of every shared link, so keep them stable.
 *
 * On hydration the link's text goes through `field.input`, so a bad value gets the message typing it
 * would (and the island keeps its last valid value). The link is the page's initial state: a field the
 * reader typed into before hydration (NumberInput applies that first) or a select changed then is
 * newer and keeps what the reader gave it. Afterwards each valid change is written back with
 * `history.replaceState`: no history entries, other parameters and the hash untouched, values equal to
 * the island's own defaults left out. A field whose text is invalid leaves its parameter as it is.
 */
export function useUrlSettings(namespace: string, settings: Record<string, LinkSetting>): void {
  // Read before any effect runs: the text the server rendered and the values the island started with.
  const initial = useMemo(
    () => Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, { shown: shown(s), value: s.value.peek() }])),
    [],
  );
  useEffect(() => {
    // Preact runs a component's effects after its children's, so NumberInput and the selects have
    // already taken what was typed or chosen before hydration.
    const link = readLinkSettings(location.search, namespace, Object.keys(settings));
    for (const [name, text] of Object.entries(link) as [string, string][]) {
      const setting = settings[name]!;
      if (shown(setting) !== initial[name]!.shown) continue;
      if (isField(setting)) setting.input(text);
      else if (setting.options.includes(text)) setting.value.value = text;
      else setting.refused.value = text;
    }

    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = effect(() => {
      const values = Object.fromEntries(Object.entries(settings).map(([name, setting]) => [name, linkValue(setting, initial[name]!.value)]));
      clearTimeout(timer);
      timer = setTimeout(() => {
        const search = writeLinkSettings(location.search, namespace, values);
        if (search !== location.search) history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`);
      }, writeDelayMs);
    });
    return () => {
      stop();
      clearTimeout(timer);
    };
  }, []);
}
