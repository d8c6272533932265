//! The bytes of a `model.safetensors` and reads straight from them.
//!
//! The embedded model's bytes live in the binary and a `--model DIR` file is memory-mapped,
//! so the file is never copied whole. The word-embedding table (30,522 x 384, about half
//! the model) is read row by row from those bytes for the tokens a batch holds instead of
//! becoming an f32 tensor: only the rows in use are ever paged in.

use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

use safetensors::{Dtype, SafeTensors};

use crate::model::error::ModelError;

/// A safetensors file's bytes: compiled in, memory-mapped, or owned (tests, other sources).
pub enum WeightBytes {
    Static(&'static [u8]),
    Mapped(memmap2::Mmap),
    Owned(Vec<u8>),
}

impl Deref for WeightBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            WeightBytes::Static(b) => b,
            WeightBytes::Mapped(m) => m,
            WeightBytes::Owned(v) => v,
        }
    }
}

impl std::fmt::Debug for WeightBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            WeightBytes::Static(_) => "static",
            WeightBytes::Mapped(_) => "mapped",
            WeightBytes::Owned(_) => "owned",
        };
        write!(f, "WeightBytes({kind}, {} bytes)", self.len())
    }
}

impl WeightBytes {
    /// Maps `path` read-only.
    pub fn map(path: &Path) -> Result<Self, ModelError> {
        let io = |source| ModelError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: the map is read-only; like every reader of model files (candle, Hugging
        // Face) we rely on the file not being truncated while the process runs.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        Ok(WeightBytes::Mapped(map))
    }
}

/// An embedding table (rows x cols, f16, bf16 or f32) read in place from safetensors bytes.
#[derive(Clone, Debug)]
pub struct RawEmbedding {
    bytes: Arc<WeightBytes>,
    /// Byte offset of the table's first value in `bytes`.
    start: usize,
    rows: usize,
    cols: usize,
    dtype: Dtype,
}

impl RawEmbedding {
    /// The 2-D tensor `name` of `bytes`; `None` when the file has no such tensor.
    pub fn find(bytes: Arc<WeightBytes>, name: &str) -> Result<Option<Self>, String> {
        let (header, meta) = SafeTensors::read_metadata(&bytes).map_err(|e| e.to_string())?;
        let Some(info) = meta.info(name) else {
            return Ok(None);
        };
        let &[rows, cols] = info.shape.as_slice() else {
            return Err(format!(
                "{name}: expected 2 dimensions, got {:?}",
                info.shape
            ));
        };
        if !matches!(info.dtype, Dtype::F16 | Dtype::BF16 | Dtype::F32) {
            return Err(format!("{name}: unsupported dtype {:?}", info.dtype));
        }
        let start = 8 + header + info.data_offsets.0;
        let end = 8 + header + info.data_offsets.1;
        if end > bytes.len() || end - start != rows * cols * info.dtype.bitsize() / 8 {
            return Err(format!("{name}: data offsets do not match its shape"));
        }
        Ok(Some(RawEmbedding {
            bytes,
            start,
            rows,
            cols,
            dtype: info.dtype,
        }))
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The rows of `ids`, one after another, as f32. An id past the table is an error.
    pub fn gather(&self, ids: &[u32]) -> Result<Vec<f32>, ModelError> {
        let mut out = Vec::with_capacity(ids.len() * self.cols);
        let width = self.dtype.bitsize() / 8;
        for &id in ids {
            let id = id as usize;
            if id >= self.rows {
                return Err(ModelError::Engine(format!(
                    "token id {id} is outside the {}-row embedding table",
                    self.rows
                )));
            }
            let row = &self.bytes[self.start + id * self.cols * width..][..self.cols * width];
            match self.dtype {
                Dtype::F16 => out.extend(
                    row.chunks_exact(2)
                        .map(|b| half::f16::from_le_bytes([b[0], b[1]]).to_f32()),
                ),
                Dtype::BF16 => out.extend(
                    row.chunks_exact(2)
                        .map(|b| half::bf16::from_le_bytes([b[0], b[1]]).to_f32()),
                ),
                _ => out.extend(
                    row.chunks_exact(4)
                        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
                ),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device, Tensor};

    fn file_with(t: &Tensor) -> Arc<WeightBytes> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.safetensors");
        candle_core::safetensors::save(&[("emb", t.clone())].into_iter().collect(), &path).unwrap();
        Arc::new(WeightBytes::map(&path).unwrap())
    }

    #[test]
    fn rows_read_in_place_equal_the_tensor_rows_in_every_dtype() {
        let t = Tensor::arange(0f32, 12.0, &Device::Cpu)
            .unwrap()
            .affine(0.25, -1.0)
            .unwrap()
            .reshape((4, 3))
            .unwrap();
        for dtype in [DType::F32, DType::F16, DType::BF16] {
            let e = RawEmbedding::find(file_with(&t.to_dtype(dtype).unwrap()), "emb")
                .unwrap()
                .unwrap();
            assert_eq!((e.rows(), e.cols()), (4, 3));
            let want: Vec<f32> = [2u32, 0, 2]
                .iter()
                .flat_map(|&i| t.get(i as usize).unwrap().to_vec1::<f32>().unwrap())
                .collect();
            assert_eq!(e.gather(&[2, 0, 2]).unwrap(), want, "{dtype:?}");
            let err = e.gather(&[4]).unwrap_err().to_string();
            assert!(err.contains("token id 4"), "{err}");
        }
    }

    #[test]
    fn a_missing_or_misshapen_tensor_is_said() {
        let t = Tensor::zeros((2, 2, 2), DType::F32, &Device::Cpu).unwrap();
        let bytes = file_with(&t);
        assert!(RawEmbedding::find(bytes.clone(), "other")
            .unwrap()
            .is_none());
        assert!(RawEmbedding::find(bytes, "emb")
            .unwrap_err()
            .contains("2 dimensions"));
        let junk = Arc::new(WeightBytes::Owned(b"not safetensors".to_vec()));
        assert!(RawEmbedding::find(junk, "emb").is_err());
    }
}
