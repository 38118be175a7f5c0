//! The model file: versioned, self-describing, compact and deterministic.
//!
//! Layout: the magic line `GLEANER-MODEL\n`, the format version (u32, little
//! endian), the payload length (u64, little endian), the payload's SHA-256
//! (32 bytes), then the payload in bincode: label set, feature settings, decoder settings, provenance
//! (training data hash, date, scores) and weights, with the markup factor
//! of a model that learned from HTML. Identical training input
//! gives identical bytes: nothing in the payload depends on hash-map order.
//! The checksum is there because bincode accepts most changed bytes as other
//! numbers: without it, a model with one flipped byte loaded and labeled
//! pages wrongly, without a word.

use super::{DecoderSettings, HtmlFactor, Model, Transitions};
use crate::error::{Error, Result};
use crate::features::FeatureSettings;
use crate::labels::{LabelRoles, LabelSet};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

const MAGIC: &[u8] = b"GLEANER-MODEL\n";

/// Bytes between the magic line and the payload: version, length, checksum.
const HEADER_LEN: usize = 4 + 8 + 32;

/// The model format this build reads and writes. Bump it whenever the
/// payload or the meaning of a feature changes. Version 8: the decoder
/// settings say which page rules are switched off. Version 9: the markup
/// factor of a model that learned from HTML. Version 10: the payload's
/// SHA-256 in the header.
pub const FORMAT_VERSION: u32 = 10;

/// Scores measured on data the model did not learn from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScoreSummary {
    /// How they were measured, e.g. "5-fold grouped cross-validation".
    pub method: String,
    /// Mean of the per-label F1 scores.
    pub macro_f1: f64,
    /// F1 of content (every label but boilerplate) against boilerplate, per block.
    pub content_f1_blocks: f64,
    /// The same, weighted by characters.
    pub content_f1_chars: f64,
    /// Share of blocks labeled right.
    pub accuracy: f64,
    /// Per-label F1, in label order.
    pub label_f1: Vec<(String, f64)>,
    /// How the two decoders scored, out of fold.
    pub decoders: DecoderComparison,
}

/// The out-of-fold scores of both decoders, which cross-validation chooses
/// the model's decoder by. (In the file its fields follow the other scores
/// directly: bincode writes a nested struct as its fields.)
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DecoderComparison {
    /// Macro-F1 with each block decoded on its own.
    pub independent_macro_f1: f64,
    /// Macro-F1 with Viterbi sequence decoding.
    pub sequence_macro_f1: f64,
    /// Content-vs-boilerplate F1 (blocks) with each block decoded on its own.
    pub independent_content_f1: f64,
    /// Content-vs-boilerplate F1 (blocks) with Viterbi sequence decoding.
    pub sequence_content_f1: f64,
    /// Content-vs-boilerplate F1 (characters) with each block decoded on its own.
    pub independent_content_f1_chars: f64,
    /// Content-vs-boilerplate F1 (characters) with Viterbi sequence decoding.
    pub sequence_content_f1_chars: f64,
}

/// Where a model came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Provenance {
    /// gleaner's version that trained it.
    pub gleaner_version: String,
    /// Creation date (UTC, `YYYY-MM-DD`); taken from `SOURCE_DATE_EPOCH`
    /// when set, so that rebuilds are byte-identical.
    pub created: String,
    /// The training files, as given.
    pub training_files: Vec<String>,
    /// SHA-256 of the training documents (ids, block texts, labels), in order.
    pub training_data_sha256: String,
    /// Number of training documents.
    pub documents: usize,
    /// Labeled training blocks per label, in label order.
    pub blocks_per_label: Vec<(String, usize)>,
    /// Training settings, as text.
    pub settings: String,
    /// Cross-validated scores, when cross-validation ran.
    pub scores: Option<ScoreSummary>,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    labels: LabelSet,
    features: FeatureSettings,
    decoder: DecoderSettings,
    provenance: Provenance,
    log_priors: Vec<f64>,
    feature_log_probs: Vec<f32>,
    transitions: Transitions,
    html: Option<HtmlFactor>,
}

impl Model {
    /// The model as bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let payload = Payload {
            labels: self.labels.clone(),
            features: self.features.clone(),
            decoder: self.decoder.clone(),
            provenance: self.provenance.clone(),
            log_priors: self.log_priors.clone(),
            feature_log_probs: self.feature_log_probs.clone(),
            transitions: self.transitions.clone(),
            html: self.html.clone(),
        };
        let body =
            bincode::serialize(&payload).expect("serializing plain data into memory cannot fail");
        let mut bytes = Vec::with_capacity(MAGIC.len() + HEADER_LEN + body.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&Sha256::digest(&body));
        bytes.extend_from_slice(&body);
        bytes
    }

    /// Reads a model from bytes; `source_name` names it in errors.
    ///
    /// # Errors
    /// [`Error::Model`] for a file that is not a gleaner model, truncated or
    /// corrupt (any changed byte of the payload fails its checksum);
    /// [`Error::ModelVersion`] for another format version.
    pub fn from_bytes(bytes: &[u8], source_name: &str) -> Result<Model> {
        let fail = |message: String| Error::Model {
            source_name: source_name.to_string(),
            message,
        };
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| fail("not a gleaner model file (bad magic bytes)".into()))?;
        if rest.len() < HEADER_LEN {
            return Err(fail("truncated model file (header incomplete)".into()));
        }
        let version = u32::from_le_bytes(rest[..4].try_into().expect("4 bytes"));
        if version != FORMAT_VERSION {
            return Err(Error::ModelVersion {
                source_name: source_name.to_string(),
                expected: FORMAT_VERSION,
                found: version,
            });
        }
        let length = u64::from_le_bytes(rest[4..12].try_into().expect("8 bytes"));
        let checksum = &rest[12..HEADER_LEN];
        let body = &rest[HEADER_LEN..];
        if (body.len() as u64) != length {
            return Err(fail(format!(
                "truncated or padded model file: payload is {} bytes, header says {length}",
                body.len()
            )));
        }
        if Sha256::digest(body).as_slice() != checksum {
            return Err(fail(
                "corrupt model file: the payload does not match its SHA-256 checksum".into(),
            ));
        }
        let payload: Payload =
            bincode::deserialize(body).map_err(|e| fail(format!("corrupt model payload: {e}")))?;
        let model = Model {
            roles: LabelRoles::of(&payload.labels),
            labels: payload.labels,
            features: payload.features,
            decoder: payload.decoder,
            provenance: payload.provenance,
            log_priors: payload.log_priors,
            feature_log_probs: payload.feature_log_probs,
            transitions: payload.transitions,
            html: payload.html,
        };
        model.check().map_err(fail)?;
        Ok(model)
    }

    /// Checks that the parts fit together, so that prediction cannot index
    /// out of bounds on a crafted file.
    fn check(&self) -> std::result::Result<(), String> {
        let n = self.labels.len();
        self.features.validate().map_err(|e| e.to_string())?;
        self.decoder.rules.validate()?;
        let expected = self.features.dimension() * n;
        let ok = n >= 2
            && self.log_priors.len() == n
            && self.decoder.label_bias.len() == n
            && self.feature_log_probs.len() == expected
            && self.transitions.start.len() == n
            && self.transitions.next.len() == n * n
            && self.html.as_ref().is_none_or(|html| {
                html.decoder.label_bias.len() == n
                    && html.feature_log_probs.len() == self.features.html.dimension() * n
            });
        if !ok {
            return Err("inconsistent model: weight sizes do not match the label set".into());
        }
        // A NaN or infinite number makes every probability NaN or every
        // block one label, and so does a huge one once a block's weights
        // add up: the file is corrupt, however well it decodes.
        let weights = self
            .log_priors
            .iter()
            .chain(&self.transitions.start)
            .chain(&self.transitions.next)
            .copied()
            .chain(self.feature_log_probs.iter().map(|&w| f64::from(w)));
        let html_weights = self.html.iter().flat_map(|html| {
            std::iter::once(html.weight)
                .chain(html.feature_log_probs.iter().map(|&w| f64::from(w)))
                .chain(decoder_numbers(&html.decoder))
        });
        if weights
            .chain(decoder_numbers(&self.decoder))
            .chain(html_weights)
            .all(|number| number.is_finite() && number.abs() <= MAX_MODEL_NUMBER)
        {
            Ok(())
        } else {
            Err("corrupt model: a weight or decoder setting is not a finite number of sane size".into())
        }
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// As [`Model::from_bytes`], plus [`Error::Io`] when the file cannot be read.
    pub fn from_path(path: &Path) -> Result<Model> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Model::from_bytes(&bytes, &path.display().to_string())
    }

    /// Writes the model file whole or not at all: to a temporary file first,
    /// renamed into place when complete.
    ///
    /// # Errors
    /// [`Error::Io`] when the file cannot be written.
    pub fn save(&self, path: &Path) -> Result<()> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "model".into());
        let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        let written = std::fs::write(&temporary, self.to_bytes())
            .and_then(|_| std::fs::rename(&temporary, path));
        if let Err(e) = written {
            let _ = std::fs::remove_file(&temporary);
            return Err(Error::io(path, e));
        }
        Ok(())
    }

    /// The default model, embedded in the binary (`models/default.gleaner`).
    pub fn embedded_default() -> Result<Model> {
        Model::from_bytes(
            include_bytes!("../../models/default.gleaner"),
            "<embedded default model>",
        )
    }

    /// Builds a model from its parts (used by training).
    pub(crate) fn from_parts(
        labels: LabelSet,
        features: FeatureSettings,
        decoder: DecoderSettings,
        log_priors: Vec<f64>,
        feature_log_probs: Vec<f32>,
        transitions: Transitions,
    ) -> Model {
        Model {
            roles: LabelRoles::of(&labels),
            labels,
            features,
            decoder,
            provenance: Provenance::default(),
            html: None,
            log_priors,
            feature_log_probs,
            transitions,
        }
    }
}

/// The largest magnitude of a weight or decoder number a model may hold.
/// Trained models hold log-probabilities of a few tens and settings near
/// one; a billion leaves sums of thousands of them, scaled, far from
/// overflowing an `f64`.
const MAX_MODEL_NUMBER: f64 = 1e9;

/// Every number of decoder settings, for [`Model::check`].
fn decoder_numbers(settings: &DecoderSettings) -> impl Iterator<Item = f64> + '_ {
    let extent = settings.article_extent.iter().flat_map(|extent| {
        [extent.boilerplate_cost, extent.keep_probability]
    });
    [settings.scale, settings.transition_weight, settings.pruning]
        .into_iter()
        .chain(settings.label_bias.iter().copied())
        .chain(settings.title_margin)
        .chain(settings.heading_margin)
        .chain(extent)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reading the embedded model and writing it again gives its bytes back:
    /// the payload's layout (nested structs included) is the file's.
    #[test]
    fn the_embedded_model_writes_back_byte_for_byte() {
        let bytes: &[u8] = include_bytes!("../../models/default.gleaner");
        let model = Model::from_bytes(bytes, "embedded").unwrap();
        assert!(model.to_bytes() == bytes);
    }

    /// Every single changed byte past the magic line is refused: in the
    /// header by the version or length check, in the payload by the
    /// checksum (without it, 30 of 300 random corruptions loaded).
    #[test]
    fn any_changed_byte_is_a_clear_error() {
        let bytes: &[u8] = include_bytes!("../../models/default.gleaner");
        let step = (bytes.len() / 997).max(1);
        for at in (MAGIC.len()..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
            let mut corrupt = bytes.to_vec();
            corrupt[at] ^= 0x01;
            let error = Model::from_bytes(&corrupt, "m").expect_err("a changed byte is refused");
            assert!(
                matches!(error, Error::Model { .. } | Error::ModelVersion { .. }),
                "byte {at}: {error}"
            );
        }
        let mut corrupt = bytes.to_vec();
        *corrupt.last_mut().unwrap() ^= 0x40;
        assert_eq!(
            Model::from_bytes(&corrupt, "m").unwrap_err().to_string(),
            "m: corrupt model file: the payload does not match its SHA-256 checksum"
        );
    }
}
