/**
 * Text from tests (names, messages) as GitHub-flavoured Markdown shows it literally, also inside a table
 * cell: markup characters are escaped, HTML is written as entities, line breaks become `<br>`.
 */
export function markdownText(text: string): string {
  return text
    .split(/\r?\n/)
    .map(line => line
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_[\]|~#!]/g, character => `\\${character}`))
    .join('<br>')
}

/** `[text](url)`, or the text alone without a URL. */
export function markdownLink(text: string, url: string | null): string {
  return url === null ? text : `[${text}](${encodeURI(url).replace(/[()]/g, character => `%${character.charCodeAt(0).toString(16).toUpperCase()}`)})`
}
