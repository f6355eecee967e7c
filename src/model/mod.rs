//! The values readers see, and pure helpers on them: dates, figure values,
//! figures and fact sheets, charts, maps, the timeline, language tags. Nothing here imports a
//! stage (`load`, `resolve`, `render`): the stages import these.

pub mod changes;
pub mod chart;
pub mod dates;
pub mod facts;
pub mod language;
pub mod map;
pub mod review;
pub mod timeline;
pub mod values;
