//! `gleaner._native`: the Python binding of gleaner's facade
//! ([`gleaner::Cleaner`]). It returns the records of the command line's JSON
//! output as plain dicts, raises the library's error messages as
//! `gleaner.GleanerError`, and cleans batches on a pool of threads with the
//! interpreter released. The Python package `gleaner` (python/gleaner/)
//! re-exports it; its typed stubs are `python/gleaner/_native.pyi`.

mod format;
mod page;
mod records;

use format::Format;
use page::{Kind, Page, clean_page};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use records::{classify_record, clean_record, error_record};
use std::path::PathBuf;

create_exception!(
    gleaner,
    GleanerError,
    PyException,
    "An error from gleaner, with the message the command line prints: the \
     page or file it concerns and what was wrong."
);

/// The library's error as a Python exception, with the library's message.
fn to_py_error(error: gleaner::Error) -> PyErr {
    GleanerError::new_err(error.to_string())
}

/// A model given to `Cleaner(model=...)`: a model file's contents or its path.
#[derive(FromPyObject)]
enum ModelArg {
    // Bytes first: a path extracts from `bytes` too (`os.fsdecode`).
    Bytes(Vec<u8>),
    Path(PathBuf),
}

/// What a call returns per page: the cleaned article or every block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Output {
    Clean(Format),
    Classify,
}

/// A page cleaned, with its rendered text when the call asked for the
/// cleaned article.
struct Outcome {
    page: gleaner::Cleaned,
    text: Option<String>,
}

/// Cleans pages of plain text or HTML: splits each into blocks, finds their
/// languages and labels every block headline, caption, body, quote or
/// boilerplate. One cleaner serves any number of pages and threads.
#[pyclass(frozen, module = "gleaner", name = "Cleaner")]
struct Cleaner {
    inner: gleaner::Cleaner,
}

#[pymethods]
impl Cleaner {
    #[new]
    #[pyo3(signature = (model=None, languages=None, keep=None))]
    fn new(
        py: Python<'_>,
        model: Option<ModelArg>,
        languages: Option<Vec<String>>,
        keep: Option<Vec<String>>,
    ) -> PyResult<Cleaner> {
        let mut builder = gleaner::Cleaner::builder();
        builder = match model {
            None => builder,
            Some(ModelArg::Bytes(bytes)) => builder.model_bytes(bytes),
            Some(ModelArg::Path(path)) => builder.model_file(path),
        };
        if let Some(languages) = languages {
            builder = builder.languages(languages);
        }
        if let Some(keep) = keep {
            builder = builder.keep(keep);
        }
        // Loading a model file takes a while: other Python threads may run.
        let inner = py.detach(|| builder.build()).map_err(to_py_error)?;
        Ok(Cleaner { inner })
    }

    /// The labels the model gives, in its order.
    #[getter]
    fn labels(&self) -> Vec<&str> {
        self.inner.labels().map(|label| label.as_str()).collect()
    }

    fn __repr__(&self) -> String {
        format!("gleaner.Cleaner(labels={:?})", self.labels())
    }

    /// The cleaned article of one page, as `gleaner clean --format json`
    /// writes it.
    #[pyo3(signature = (page, *, kind=None, id=None, charset=None, format="text"))]
    fn clean<'py>(
        &self,
        py: Python<'py>,
        page: Page,
        kind: Option<&str>,
        id: Option<String>,
        charset: Option<String>,
        format: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let output = Output::Clean(Format::parse(format)?);
        self.one(py, page, kind, id, charset, output)
    }

    /// Every block of one page with its label, probability and language,
    /// as `gleaner classify --format jsonl` writes it.
    #[pyo3(signature = (page, *, kind=None, id=None, charset=None))]
    fn classify<'py>(
        &self,
        py: Python<'py>,
        page: Page,
        kind: Option<&str>,
        id: Option<String>,
        charset: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        self.one(py, page, kind, id, charset, Output::Classify)
    }

    /// `clean` over many pages, on `threads` threads (all cores when
    /// `None`) with the interpreter released; results in input order.
    #[pyo3(signature = (pages, *, kind=None, ids=None, threads=None, errors="raise", format="text"))]
    #[allow(clippy::too_many_arguments)]
    fn clean_batch<'py>(
        &self,
        py: Python<'py>,
        pages: &Bound<'py, PyAny>,
        kind: Option<&str>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        errors: &str,
        format: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        let output = Output::Clean(Format::parse(format)?);
        self.batch(py, pages, kind, ids, threads, errors, output)
    }

    /// `classify` over many pages, on `threads` threads (all cores when
    /// `None`) with the interpreter released; results in input order.
    #[pyo3(signature = (pages, *, kind=None, ids=None, threads=None, errors="raise"))]
    fn classify_batch<'py>(
        &self,
        py: Python<'py>,
        pages: &Bound<'py, PyAny>,
        kind: Option<&str>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyList>> {
        self.batch(py, pages, kind, ids, threads, errors, Output::Classify)
    }
}

impl Cleaner {
    fn one<'py>(
        &self,
        py: Python<'py>,
        page: Page,
        kind: Option<&str>,
        id: Option<String>,
        charset: Option<String>,
        output: Output,
    ) -> PyResult<Bound<'py, PyDict>> {
        let kind = Kind::parse(kind)?;
        let name = id
            .clone()
            .unwrap_or_else(|| page.default_name().to_string());
        let outcome = py
            .detach(|| self.process(&page, kind, charset.as_deref(), &name, output))
            .map_err(to_py_error)?;
        record(py, &outcome, id.as_deref())
    }

    #[allow(clippy::too_many_arguments)]
    fn batch<'py>(
        &self,
        py: Python<'py>,
        pages: &Bound<'py, PyAny>,
        kind: Option<&str>,
        ids: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
        errors: &str,
        output: Output,
    ) -> PyResult<Bound<'py, PyList>> {
        let kind = Kind::parse(kind)?;
        let record_errors = match errors {
            "raise" => false,
            "record" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "errors must be \"raise\" or \"record\", not {other:?}"
                )));
            }
        };
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        if pages.is_instance_of::<pyo3::types::PyString>()
            || pages.is_instance_of::<pyo3::types::PyBytes>()
        {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "pages must be a list (or other iterable) of pages, not one page",
            ));
        }
        let pages: Vec<Page> = pages
            .try_iter()?
            .map(|item| item.and_then(|item| item.extract::<Page>()))
            .collect::<PyResult<_>>()?;
        let ids: Option<Vec<String>> = ids
            .map(|ids| ids.try_iter()?.map(|id| id?.extract()).collect())
            .transpose()?;
        if let Some(ids) = &ids
            && ids.len() != pages.len()
        {
            return Err(PyValueError::new_err(format!(
                "{} ids for {} pages: give one id per page",
                ids.len(),
                pages.len()
            )));
        }
        // A page without an id is named by its position in messages.
        let names: Vec<String> = match &ids {
            Some(ids) => ids.clone(),
            None => (0..pages.len()).map(|i| format!("<page {i}>")).collect(),
        };
        let work = || -> Vec<gleaner::Result<Outcome>> {
            let one = |(page, name): (&Page, &String)| self.process(page, kind, None, name, output);
            match threads {
                Some(1) => pages.iter().zip(&names).map(one).collect(),
                _ => pages.par_iter().zip(&names).map(one).collect(),
            }
        };
        let outcomes = match threads {
            None | Some(1) => py.detach(work),
            Some(count) => {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(count)
                    .build()
                    .map_err(|e| {
                        PyValueError::new_err(format!("cannot start {count} threads: {e}"))
                    })?;
                py.detach(|| pool.install(work))
            }
        };
        let list = PyList::empty(py);
        for (index, outcome) in outcomes.into_iter().enumerate() {
            let id = ids.as_ref().map(|ids| ids[index].as_str());
            match outcome {
                Ok(outcome) => list.append(record(py, &outcome, id)?)?,
                Err(error) if record_errors => list.append(error_record(py, id, &error)?)?,
                Err(error) => return Err(to_py_error(error)),
            }
        }
        Ok(list)
    }

    /// Cleans one page; errors name it `name`.
    fn process(
        &self,
        page: &Page,
        kind: Kind,
        charset: Option<&str>,
        name: &str,
        output: Output,
    ) -> gleaner::Result<Outcome> {
        let cleaned = clean_page(&self.inner, page, kind, charset, name)?;
        let text = match output {
            Output::Clean(format) => Some(format.render(&cleaned)),
            Output::Classify => None,
        };
        Ok(Outcome {
            page: cleaned,
            text,
        })
    }
}

/// The record of a processed page: the cleaned article, or every block.
fn record<'py>(
    py: Python<'py>,
    outcome: &Outcome,
    id: Option<&str>,
) -> PyResult<Bound<'py, PyDict>> {
    match &outcome.text {
        Some(text) => clean_record(py, &outcome.page, id, text),
        None => classify_record(py, &outcome.page, id),
    }
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Cleaner>()?;
    m.add("GleanerError", m.py().get_type::<GleanerError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
