/**
 * Spectral function: a schema with a string enum must label every non-null value in
 * `x-enumDescriptions` (the Russian labels of the public docs page).
 */
export default function enumLabels(schema) {
  if (schema === null || typeof schema !== 'object' || !Array.isArray(schema.enum)) return [];
  const values = schema.enum.filter((value) => typeof value === 'string');
  if (values.length === 0) return [];
  const labels = schema['x-enumDescriptions'];
  if (labels === null || typeof labels !== 'object') {
    return [{ message: 'String enum without x-enumDescriptions (Russian labels of the docs page).' }];
  }
  return values
    .filter((value) => typeof labels[value] !== 'string' || labels[value].trim() === '')
    .map((value) => ({ message: `Enum value "${value}" has no label in x-enumDescriptions.` }));
}
