// Real customers wrap a request in background, hedges and courtesies that say nothing about the
// intent. Each training example is also shown to the linear model inside such wrapping, drawn from
// intent-neutral banks, so those words learn to carry no weight and the request itself decides.

const CONTEXT = [
  "I've been shopping with you for years.",
  "I hope you're having a good day.",
  "I'm writing on behalf of my mum, she's not great with computers.",
  "I don't normally get in touch about things like this.",
  "I'm on my lunch break so I'll keep this short.",
  "I tried to find the answer on the website first.",
  "Sorry if this is the wrong place to ask.",
  "We've just moved house and everything is a bit chaotic.",
  "My partner usually deals with this sort of thing.",
  "I bought a few bits from you recently.",
  "It's my first time using this chat.",
  "I'm typing this on my phone so excuse any mistakes.",
  "I've got a bit of a question.",
  "Bit of a long story.",
  "My name is Sam Taylor.",
  "Quick question.",
  "I'm not sure who else to ask.",
  "I was in the shop a few days ago.",
  "A friend recommended you to me.",
  "I'm really busy at the moment.",
];

const WRAPPERS = [
  "I was wondering if you could help. {}",
  "Sorry to bother you, but {}",
  "I hope you can help me. {}",
  "{} I'd be really grateful for any help.",
  "If it's not too much trouble, {}",
  "Would you mind helping me with something? {}",
  "{} Thanks in advance.",
  "Hello, good afternoon. {}",
  "um yeah so {}",
  "{} cheers",
  // Content-free follow-up asks: on their own they read as nothing in particular, so they must not
  // pull a message towards whichever intent happened to use them in training.
  "{} What can you do about it?",
  "{} Can you help?",
  "{} Please advise.",
  "{} What should I do?",
  "{} Could you look into it?",
  "{} Let me know.",
];

// Deterministic: the same data always yields the same training set and so the same model.
function pick<T>(list: readonly T[], seed: number): T {
  return list[seed % list.length] as T;
}

function lowerFirst(s: string): string {
  return s.length > 1 && /^[A-Z][a-z]/.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s;
}

/** The example as written plus two wrapped variants, for the linear model's training only. */
export function augmentExample(example: string, index: number): string[] {
  // Very short examples are social or terse requests; wrapping a lone "bye" would teach nonsense.
  if (example.trim().split(/\s+/).length < 3) return [example];
  const context = `${pick(CONTEXT, index * 7 + 3)} ${example}`;
  const wrapper = pick(WRAPPERS, index * 5 + 1);
  const wrapped = wrapper.replace("{}", wrapper.startsWith("{}") ? example : lowerFirst(example));
  return [example, context, wrapped];
}
