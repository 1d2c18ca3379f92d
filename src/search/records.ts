import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import { CODE_BLOCK_PARAM, type RecordKind } from './schema.ts';
import { plainText, sectionTokens, type CodeBlock, type Section, type TreeAdapter } from './sections.ts';

/**
 * The search records of one built page: one per section for its prose, one per code block for its
 * code (a runnable snippet's program and expected output, or a static code block). Each points at
 * its section's heading, so a result opens the page at the right place, and is tagged prose or code,
 * so results can say where the match is and be filtered by it. Pagefind keeps one record per URL, so
 * a code block's URL also names the block (CODE_BLOCK_PARAM).
 */
export interface SearchRecord {
  /** Site-relative URL of the section, e.g. "/using-a-queue/#the-producers" or "/using-a-queue/?code=2#the-producers". */
  url: string;
  kind: RecordKind;
  /** The page's title (its h1): a chapter's title, or "Glossary". */
  page: string;
  section: string;
  /** A runnable snippet's file name. */
  file?: string;
  content: string;
}

type HtmlDocument = ReturnType<typeof parseDocument>;
type Node = HtmlDocument | HtmlDocument['children'][number];

const htmlTree: TreeAdapter<Node> = {
  children: (node) => ('children' in node ? node.children : []),
  tagName: (node) => ('attribs' in node ? node.name : undefined),
  attribute: (node, name) => ('attribs' in node ? node.attribs[name] : undefined),
  text: (node) => (node.type === ElementType.Text && 'data' in node ? node.data : undefined),
};

/** `path` is the page's path below the site's base, e.g. "using-a-queue/". */
export function extractRecords(html: string, path: string): SearchRecord[] {
  const document = parseDocument(html);
  const h1 = DomUtils.findOne((element) => element.name === 'h1', document.children);
  const page = h1 ? plainText<Node>(h1, htmlTree) : '';
  const pageUrl = `/${path.replace(/^\/+/, '')}`;

  const prose = new Map<string, { section: Section; parts: string[] }>();
  const code = new Map<number, { section: Section; block: CodeBlock; parts: string[] }>();
  let pendingBreak = false;
  for (const token of sectionTokens<Node>(document, htmlTree)) {
    if (token.type === 'break') {
      pendingBreak = true;
      continue;
    }
    if (token.type === 'section') {
      // Records come in the order their sections start.
      if (!prose.has(token.section.id)) prose.set(token.section.id, { section: token.section, parts: [] });
      continue;
    }
    const { section, code: block } = token;
    if (!section) continue;
    if (block && !code.has(block.index)) code.set(block.index, { section, block, parts: [] });
    const entry = block ? code.get(block.index) : prose.get(section.id);
    if (!entry) continue;
    if (pendingBreak) entry.parts.push('\n');
    pendingBreak = false;
    entry.parts.push(token.text);
  }

  const record = (kind: RecordKind, section: Section, content: string, codeBlock?: CodeBlock): SearchRecord => ({
    url: codeBlock ? `${pageUrl}?${CODE_BLOCK_PARAM}=${codeBlock.index}#${section.id}` : `${pageUrl}#${section.id}`,
    kind,
    page,
    section: section.title,
    ...(codeBlock?.file !== undefined && { file: codeBlock.file }),
    content,
  });
  return [
    ...[...prose.values()].map(({ section, parts }) => record('prose', section, proseText(parts))),
    ...[...code.values()].map(({ section, block, parts }) => record('code', section, codeText(parts), block)),
  ].filter((entry) => entry.content !== '');
}

/** Prose reads as one run of words. */
function proseText(parts: string[]): string {
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Code keeps its lines; blank runs and trailing spaces go. */
function codeText(parts: string[]): string {
  return parts
    .join('')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
