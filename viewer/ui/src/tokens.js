/** Prompt tokens then steps, one list for the token heatmap; key 'pN' / 'sN'. */
export function tokensOf(promptTokens, steps) {
  const prompt = promptTokens.map((t) => ({ ...t, kind: 'p', index: t.position, key: 'p' + t.position }));
  return prompt.concat(steps.map((t) => ({ ...t, kind: 's', index: t.step, key: 's' + t.step })));
}
