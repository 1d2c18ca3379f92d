import { LINK_LIMITS } from './share-link';
import { formatCount } from './format-count';

/**
 * The playground's notice over code that came in a link (Snippet.astro's data-link-notice): anyone
 * can write a link, so the reader is asked to read the code first. It also says when the link was
 * cut to what the playground opens at once, and that the reader's own code is still there.
 */
export interface LinkNoticeState {
  /** The lines shown of a link that carries more code; undefined when it is all shown. */
  shownLines?: number;
  /** Whether "Open it in full" reached the end of the code. */
  fullTooLarge?: boolean;
  /** Whether the reader has code of their own saved here, which the link did not replace. */
  ownCodeKept: boolean;
}

export class LinkNotice {
  private readonly notice: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly openFull: HTMLElement;
  private readonly ownCode: HTMLElement;

  constructor(root: HTMLElement) {
    this.notice = root.querySelector<HTMLElement>('[data-link-notice]')!;
    this.detail = this.notice.querySelector<HTMLElement>('[data-link-notice-detail]')!;
    this.openFull = this.notice.querySelector<HTMLElement>('[data-action="open-full"]')!;
    this.ownCode = this.notice.querySelector<HTMLElement>('[data-action="own-code"]')!;
  }

  show({ shownLines, fullTooLarge = false, ownCodeKept }: LinkNoticeState): void {
    const sentences: string[] = [];
    if (shownLines !== undefined) {
      const lines = `${formatCount(shownLines)} line${shownLines === 1 ? '' : 's'}`;
      sentences.push(
        fullTooLarge
          ? `It carries more than ${(LINK_LIMITS.fullChars / 1e6).toFixed(0)} million characters, more than the editor can open: it shows, and Run runs, its first ${lines}.`
          : `It carries more code than the playground opens at once: the editor shows, and Run runs, its first ${lines}.`,
      );
    }
    if (ownCodeKept) sentences.push('Your own code is kept: changes here do not replace it.');
    this.detail.textContent = sentences.join(' ');
    this.notice.dataset['linkTrimmed'] = String(shownLines !== undefined);
    this.openFull.hidden = shownLines === undefined || fullTooLarge;
    this.ownCode.hidden = !ownCodeKept;
    this.notice.hidden = false;
  }

  hide(): void {
    this.notice.hidden = true;
  }
}
