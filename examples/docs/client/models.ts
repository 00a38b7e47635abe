// docs/client.md: the model table, extending it, and image/audio input.
import { createClient, type InputItem } from '@mimo-agents/core';

// #region table
const client = createClient({
  models: {
    // Ultraspeed's price is not published: set the one you pay ($ per M tokens; placeholder figures).
    'mimo-v2.6-pro-ultraspeed': { prices: { inputPerMTok: 0.87, outputPerMTok: 1.74 } },
    // A model MiMo launches tomorrow, or one your gateway serves: left-out fields get defaults.
    'my-gateway-model': {
      contextWindow: 262_144,
      maxOutputTokens: 32_768,
      input: { image: true },
      prices: { inputPerMTok: 0.2, cachedInputPerMTok: 0.02, outputPerMTok: 0.6 },
    },
  },
});

const pro = client.models.get('mimo-v2.6-pro');
console.log(pro?.contextWindow, pro?.maxOutputTokens, pro?.prices); // 1048576 131072 { … }
console.log(client.models.retired('mimo-v2.5-pro')?.replacement); // 'mimo-v2.6-pro'
// #endregion table

// #region media
const input: InputItem[] = [
  {
    role: 'user',
    content: [
      { type: 'input_text', text: 'What is in the photo, and what does the recording say?' },
      { type: 'input_image', image_url: 'https://example.com/photo.jpg', detail: 'high' },
      { type: 'input_audio', input_audio: { data: wavBase64, format: 'wav' } },
    ],
  },
];
const response = await client.create({ model: 'mimo-v2.6-flash', input });
// #endregion media

console.log(response.output_text);
await client.close();

declare const wavBase64: string;
