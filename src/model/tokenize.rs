//! Text -> token ids with the model's Hugging Face tokenizer.

use tokenizers::Tokenizer;

use crate::model::error::ModelError;

/// Token ids of one text: [CLS] ... [SEP], truncated to the model's maximum length.
pub struct TextEncoder {
    tokenizer: Tokenizer,
    max_len: usize,
}

impl TextEncoder {
    pub fn from_bytes(bytes: &[u8], max_len: usize) -> Result<Self, ModelError> {
        let mut tokenizer =
            Tokenizer::from_bytes(bytes).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        // Padding is done per batch (after sorting by length), never by the tokenizer.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: max_len,
                ..Default::default()
            }))
            .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(TextEncoder { tokenizer, max_len })
    }

    pub fn max_len(&self) -> usize {
        self.max_len
    }

    pub fn encode(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }
}
