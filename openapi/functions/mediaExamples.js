/**
 * Spectral function: every media type of a response has at least one named example
 * (`examples`) or an `example`. With `jsonOnly`, only JSON media types are checked.
 */
export default function mediaExamples(response, options, context) {
  if (response === null || typeof response !== 'object') return [];
  const content = response.content;
  if (content === null || typeof content !== 'object') return [];
  const jsonOnly = Boolean(options && options.jsonOnly);
  const results = [];
  for (const [mediaType, media] of Object.entries(content)) {
    if (jsonOnly && !/[/+]json\b/.test(mediaType)) continue;
    const examples = media && media.examples;
    const hasNamed = examples !== null && typeof examples === 'object' && Object.keys(examples).length > 0;
    const hasSingle = media !== null && typeof media === 'object' && 'example' in media;
    if (!hasNamed && !hasSingle) {
      results.push({ message: `Response media type ${mediaType} has no example.`, path: [...context.path, 'content', mediaType] });
    }
  }
  return results;
}
