// The source languages Socket Lab runs and annotates: C, and C++ (built with the C++ compiler; its socket
// calls are found with the C grammar, which sees the plain calls of C++ code). Pure.
import { isCxxSource } from '../../runner/compile';

export const SOURCE_LANGUAGES: readonly string[] = ['c', 'cpp'];

/** The document selector of the lenses, hovers and quick fixes: C and C++ files on disk. */
export const SOURCE_SELECTOR = SOURCE_LANGUAGES.map((language) => ({ language, scheme: 'file' }));

/** A C or C++ document, by its language or, when another extension names it otherwise, its file name. */
export function isSourceDoc(doc: { languageId: string; fileName: string }): boolean {
  return SOURCE_LANGUAGES.includes(doc.languageId) || doc.fileName.endsWith('.c') || isCxxSource(doc.fileName);
}
