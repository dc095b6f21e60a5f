//! The scale-out backend: a Qdrant server (clustered, sharded, replicated) over gRPC through
//! `qdrant-client`, one collection per directory.
//!
//! The collection holds unit vectors under cosine distance and searches with `exact: true`, so
//! recall is perfect like the embedded [`FlatIndex`](super::FlatIndex). Qdrant matches keywords
//! exactly and has no prefix match at code boundaries, so the payload is written in the form an
//! exact match needs, and each field has a payload index:
//!
//! | field | index | holds |
//! | --- | --- | --- |
//! | `languages` | keyword | every language the service serves ([`crate::languages::served_by`]: `yue` adds `zh`) |
//! | `needs` | keyword | need labels |
//! | `taxonomy` | keyword | every prefix of every code ([`crate::taxonomy::prefixes_of`]) |
//! | `location` | geo | `{lat, lon}`, absent for services without coordinates |
//! | `service_id` | none | the directory's own id (point ids are UUIDs derived from it) |
//! | `content_hash` | none | a hash of vector and payload, so [`QdrantIndex::sync`] re-sends only changes |
//!
//! Equal scores come back in id order as the trait promises: Qdrant orders ties arbitrarily, so
//! a search asks for a few more points than wanted, widens the request while the tie at the cut
//! runs to its end, and sorts on this side.

use super::{normalised, IndexError, IndexHit, IndexPoint, PayloadFilter, VectorIndex};
use crate::taxonomy::prefixes_of;
use async_trait::async_trait;
use frontdoor_core::types::ServiceId;
use qdrant_client::qdrant::{
    point_id::PointIdOptions, r#match::MatchValue, value::Kind, vectors_config, Condition, CountPoints,
    CreateCollectionBuilder, CreateFieldIndexCollection, DeletePoints, Distance, FieldType, Filter, GeoBoundingBox,
    GeoPoint, PointId, PointStruct, Query, QueryPoints, RepeatedStrings, ScrollPoints, SearchParams, UpsertPoints,
    Value, VectorParamsBuilder,
};
use qdrant_client::{Payload as QdrantPayload, Qdrant, QdrantError};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

/// Payload field: languages served.
const LANGUAGES: &str = "languages";
/// Payload field: need labels.
const NEEDS: &str = "needs";
/// Payload field: every taxonomy prefix.
const TAXONOMY: &str = "taxonomy";
/// Payload field: coordinates.
const LOCATION: &str = "location";
/// Payload field: the service's own id.
const SERVICE_ID: &str = "service_id";
/// Payload field: what [`QdrantIndex::sync`] compares.
const CONTENT_HASH: &str = "content_hash";
/// Bumped when the payload layout changes, so a sync rewrites every point.
const LAYOUT: &str = "frontdoor-qdrant-payload-1";
/// Points per upsert or delete request (384-dimension points: about 0.5 MB).
const BATCH: usize = 256;
/// Points per scroll page when syncing.
const SCROLL_PAGE: u32 = 1_000;
/// Extra points asked for beyond the limit, to see whether a tie runs past the cut.
const TIE_MARGIN: usize = 8;

/// Where the collection lives and how to reach it.
#[derive(Debug, Clone, PartialEq)]
pub struct QdrantSettings {
    /// The gRPC endpoint (`http://localhost:6334`; `https://` for TLS).
    pub url: String,
    /// The collection holding this directory.
    pub collection: String,
    /// Sent as the `api-key` header when set.
    pub api_key: Option<String>,
    /// Longest one request may take.
    pub timeout: Duration,
    /// Longest connecting may take.
    pub connect_timeout: Duration,
}

impl QdrantSettings {
    /// A local server's defaults for `collection`.
    pub fn new(url: impl Into<String>, collection: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            collection: collection.into(),
            api_key: None,
            timeout: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

/// What [`QdrantIndex::sync`] changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Points already stored as given.
    pub unchanged: usize,
    /// Points sent (new or changed).
    pub upserted: usize,
    /// Stored points no longer in the directory, deleted.
    pub removed: usize,
}

impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} unchanged, {} upserted, {} removed",
            self.unchanged, self.upserted, self.removed
        )
    }
}

/// A directory's vectors in a Qdrant collection.
pub struct QdrantIndex {
    client: Qdrant,
    collection: String,
    dim: usize,
}

impl std::fmt::Debug for QdrantIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QdrantIndex")
            .field("collection", &self.collection)
            .field("dim", &self.dim)
            .finish()
    }
}

impl QdrantIndex {
    /// Connects, creating the collection (cosine, `dim` dimensions) and its payload indexes when
    /// missing. Fails when the collection exists with another dimension or distance.
    pub async fn connect(settings: &QdrantSettings, dim: usize) -> Result<Self, IndexError> {
        let client = Qdrant::from_url(&settings.url)
            .api_key(settings.api_key.clone())
            .timeout(settings.timeout)
            .connect_timeout(settings.connect_timeout)
            // The check prints to stdout; an incompatible server shows in the first request.
            .skip_compatibility_check()
            .build()
            .map_err(|e| backend("connecting", &settings.url, e))?;
        let index = Self {
            client,
            collection: settings.collection.clone(),
            dim,
        };
        index.ensure_collection().await?;
        Ok(index)
    }

    /// The collection's name.
    pub fn collection(&self) -> &str {
        &self.collection
    }

    /// Deletes the collection and everything in it (tests, and re-creating after a model change).
    pub async fn drop_collection(self) -> Result<(), IndexError> {
        self.client
            .delete_collection(self.collection.as_str())
            .await
            .map_err(|e| backend("deleting collection", &self.collection, e))?;
        Ok(())
    }

    /// Makes the collection hold exactly `points`: sends the new and changed ones (by content
    /// hash), deletes the ones not given, leaves the rest alone. Start-up and re-import call it,
    /// so a restart re-sends nothing.
    pub async fn sync(&mut self, points: Vec<IndexPoint>) -> Result<SyncReport, IndexError> {
        self.check_dims(&points)?;
        let stored = self.stored_hashes().await?;
        let mut report = SyncReport::default();
        let mut wanted = HashSet::with_capacity(points.len());
        let mut changed = Vec::new();
        for point in points {
            let written = written_point(&point);
            if stored.get(&written.uuid).is_some_and(|(_, hash)| *hash == written.hash) {
                report.unchanged += 1;
            } else {
                changed.push(written.point);
            }
            wanted.insert(written.uuid);
        }
        let gone: Vec<PointId> = stored
            .into_iter()
            .filter(|(uuid, _)| !wanted.contains(uuid))
            .map(|(_, (id, _))| id)
            .collect();
        report.upserted = changed.len();
        report.removed = gone.len();
        self.send(changed).await?;
        self.delete(gone).await?;
        Ok(report)
    }

    async fn ensure_collection(&self) -> Result<(), IndexError> {
        let name = self.collection.as_str();
        let exists = self
            .client
            .collection_exists(name)
            .await
            .map_err(|e| backend("checking collection", name, e))?;
        if !exists {
            let create = CreateCollectionBuilder::new(name)
                .vectors_config(VectorParamsBuilder::new(self.dim as u64, Distance::Cosine));
            if let Err(e) = self.client.create_collection(create).await {
                // Another instance may have created it meanwhile; anything else is an error.
                let now_exists = self.client.collection_exists(name).await.unwrap_or(false);
                if !now_exists {
                    return Err(backend("creating collection", name, e));
                }
            }
        }
        let info = self
            .client
            .collection_info(name)
            .await
            .map_err(|e| backend("reading collection", name, e))?
            .result
            .ok_or_else(|| IndexError::Backend(format!("qdrant collection {name}: the server sent no description")))?;
        self.check_vector_params(&info)?;
        let indexes = [
            (LANGUAGES, FieldType::Keyword),
            (NEEDS, FieldType::Keyword),
            (TAXONOMY, FieldType::Keyword),
            (LOCATION, FieldType::Geo),
        ];
        for (field, kind) in indexes {
            if info.payload_schema.contains_key(field) {
                continue;
            }
            let request = CreateFieldIndexCollection {
                collection_name: name.to_owned(),
                wait: Some(true),
                field_name: field.to_owned(),
                field_type: Some(kind as i32),
                ..Default::default()
            };
            self.client
                .create_field_index(request)
                .await
                .map_err(|e| backend("creating payload index", &format!("{name}.{field}"), e))?;
        }
        Ok(())
    }

    fn check_vector_params(&self, info: &qdrant_client::qdrant::CollectionInfo) -> Result<(), IndexError> {
        let params = info
            .config
            .as_ref()
            .and_then(|c| c.params.as_ref())
            .and_then(|p| p.vectors_config.as_ref())
            .and_then(|v| v.config.as_ref());
        match params {
            Some(vectors_config::Config::Params(p))
                if p.size == self.dim as u64 && p.distance == Distance::Cosine as i32 =>
            {
                Ok(())
            }
            Some(vectors_config::Config::Params(p)) => Err(IndexError::Backend(format!(
                "qdrant collection {}: holds {}-dimension vectors with distance {}, the directory's model makes \
                 {}-dimension vectors compared by cosine; set another collection name or delete this one",
                self.collection,
                p.size,
                Distance::try_from(p.distance).map_or("unknown", |d| d.as_str_name()),
                self.dim
            ))),
            _ => Err(IndexError::Backend(format!(
                "qdrant collection {}: holds named or no vectors, not one unnamed dense vector; set another \
                 collection name",
                self.collection
            ))),
        }
    }

    fn check_dims(&self, points: &[IndexPoint]) -> Result<(), IndexError> {
        match points.iter().find(|p| p.vector.len() != self.dim) {
            Some(p) => Err(IndexError::Dimension {
                expected: self.dim,
                got: p.vector.len(),
            }),
            None => Ok(()),
        }
    }

    /// Every stored point's UUID, id and content hash (empty when the payload has none).
    async fn stored_hashes(&self) -> Result<HashMap<String, (PointId, String)>, IndexError> {
        let mut stored = HashMap::new();
        let mut offset = None;
        loop {
            let request = ScrollPoints {
                collection_name: self.collection.clone(),
                offset: offset.take(),
                limit: Some(SCROLL_PAGE),
                with_payload: Some(vec![CONTENT_HASH].into()),
                with_vectors: Some(false.into()),
                ..Default::default()
            };
            let page = self
                .client
                .scroll(request)
                .await
                .map_err(|e| backend("listing points", &self.collection, e))?;
            for point in page.result {
                let Some(id) = point.id else { continue };
                let hash = string_value(point.payload.get(CONTENT_HASH)).unwrap_or_default();
                stored.insert(point_key(&id), (id, hash));
            }
            match page.next_page_offset {
                Some(next) => offset = Some(next),
                None => return Ok(stored),
            }
        }
    }

    async fn send(&self, points: Vec<PointStruct>) -> Result<(), IndexError> {
        let mut points = points.into_iter().peekable();
        while points.peek().is_some() {
            let batch: Vec<PointStruct> = points.by_ref().take(BATCH).collect();
            let request = UpsertPoints {
                collection_name: self.collection.clone(),
                wait: Some(true),
                points: batch,
                ..Default::default()
            };
            self.client
                .upsert_points(request)
                .await
                .map_err(|e| backend("upserting points", &self.collection, e))?;
        }
        Ok(())
    }

    async fn delete(&self, ids: Vec<PointId>) -> Result<(), IndexError> {
        for batch in ids.chunks(BATCH) {
            let request = DeletePoints {
                collection_name: self.collection.clone(),
                wait: Some(true),
                points: Some(batch.to_vec().into()),
                ..Default::default()
            };
            self.client
                .delete_points(request)
                .await
                .map_err(|e| backend("deleting points", &self.collection, e))?;
        }
        Ok(())
    }

    /// The best `fetch` points for a query, as (score, id), in the server's order.
    async fn nearest(&self, query: &[f32], filter: Option<&Filter>, fetch: usize) -> Result<Vec<IndexHit>, IndexError> {
        let request = QueryPoints {
            collection_name: self.collection.clone(),
            query: Some(Query::new_nearest(query.to_vec())),
            filter: filter.cloned(),
            params: Some(SearchParams {
                exact: Some(true),
                ..Default::default()
            }),
            limit: Some(fetch as u64),
            with_payload: Some(vec![SERVICE_ID].into()),
            ..Default::default()
        };
        let response = self
            .client
            .query(request)
            .await
            .map_err(|e| backend("searching", &self.collection, e))?;
        response
            .result
            .into_iter()
            .map(|p| {
                let id = string_value(p.payload.get(SERVICE_ID))
                    .and_then(|s| ServiceId::parse(&s).ok())
                    .ok_or_else(|| {
                        IndexError::Backend(format!(
                            "qdrant collection {}: a point has no valid {SERVICE_ID}; was it written by Frontdoor?",
                            self.collection
                        ))
                    })?;
                Ok(IndexHit { id, score: p.score })
            })
            .collect()
    }
}

#[async_trait]
impl VectorIndex for QdrantIndex {
    fn backend(&self) -> &'static str {
        "qdrant"
    }

    fn dim(&self) -> usize {
        self.dim
    }

    async fn count(&self) -> Result<usize, IndexError> {
        let request = CountPoints {
            collection_name: self.collection.clone(),
            exact: Some(true),
            ..Default::default()
        };
        let response = self
            .client
            .count(request)
            .await
            .map_err(|e| backend("counting points", &self.collection, e))?;
        Ok(response.result.map_or(0, |r| r.count as usize))
    }

    async fn upsert(&mut self, points: Vec<IndexPoint>) -> Result<(), IndexError> {
        self.check_dims(&points)?;
        self.send(points.iter().map(|p| written_point(p).point).collect()).await
    }

    async fn remove(&mut self, ids: &[ServiceId]) -> Result<(), IndexError> {
        self.delete(ids.iter().map(|id| PointId::from(point_uuid(id))).collect())
            .await
    }

    async fn search(&self, query: &[f32], filter: &PayloadFilter, limit: usize) -> Result<Vec<IndexHit>, IndexError> {
        if query.len() != self.dim {
            return Err(IndexError::Dimension {
                expected: self.dim,
                got: query.len(),
            });
        }
        if limit == 0 {
            return Ok(Vec::new());
        }
        let query = normalised(query);
        let filter = qdrant_filter(filter);
        let mut fetch = limit + TIE_MARGIN;
        loop {
            let mut hits = self.nearest(&query, filter.as_ref(), fetch).await?;
            // Done when the server ran out of points, or the score at the cut is beaten by the
            // last point fetched (so every point tied with the cut is among the hits).
            let complete = hits.len() < fetch || hits[fetch - 1].score < hits[limit - 1].score;
            if complete {
                hits.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
                hits.truncate(limit);
                return Ok(hits);
            }
            fetch *= 2;
        }
    }
}

/// A point as written: its UUID, the Qdrant point, and the content hash in its payload.
struct WrittenPoint {
    uuid: String,
    hash: String,
    point: PointStruct,
}

fn written_point(point: &IndexPoint) -> WrittenPoint {
    let unit = normalised(&point.vector);
    let payload = &point.payload;
    let languages: Vec<String> = dedup(
        payload
            .languages
            .iter()
            .flat_map(|l| crate::languages::served_by(l))
            .map(str::to_owned),
    );
    let needs: Vec<String> = dedup(payload.needs.iter().map(|n| n.as_str().to_owned()));
    let taxonomy: Vec<String> = dedup(payload.taxonomy.iter().flat_map(|c| prefixes_of(c)).map(str::to_owned));
    let hash = content_hash(point.id.as_str(), &unit, &languages, &needs, &taxonomy, payload.point);
    let mut fields = QdrantPayload::new();
    fields.insert(SERVICE_ID, point.id.as_str());
    fields.insert(LANGUAGES, languages);
    fields.insert(NEEDS, needs);
    fields.insert(TAXONOMY, taxonomy);
    if let Some(p) = payload.point {
        fields.insert(LOCATION, GeoPoint { lat: p.lat, lon: p.lon });
    }
    fields.insert(CONTENT_HASH, hash.as_str());
    let uuid = point_uuid(&point.id);
    WrittenPoint {
        point: PointStruct::new(uuid.clone(), unit, fields),
        uuid,
        hash,
    }
}

fn dedup(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for v in values {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// A digest of everything written for a point, to tell whether the stored copy is current.
fn content_hash(
    id: &str,
    unit: &[f32],
    languages: &[String],
    needs: &[String],
    taxonomy: &[String],
    point: Option<frontdoor_core::ports::GeoPoint>,
) -> String {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(LAYOUT.as_bytes());
    field(id.as_bytes());
    field(&unit.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>());
    for list in [languages, needs, taxonomy] {
        field(list.join("\u{1f}").as_bytes());
    }
    match point {
        Some(p) => field(&[p.lat.to_le_bytes(), p.lon.to_le_bytes()].concat()),
        None => field(b"-"),
    }
    hex(&h.finalize()[..16])
}

/// The point id for a service: a UUID (version 8, RFC 9562's custom kind) from SHA-256 of the
/// id, so the same service always lands on the same point.
pub fn point_uuid(id: &ServiceId) -> String {
    let digest = Sha256::digest(format!("frontdoor-service:{}", id.as_str()).as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// How a stored point id is compared with [`point_uuid`].
fn point_key(id: &PointId) -> String {
    match &id.point_id_options {
        Some(PointIdOptions::Uuid(u)) => u.to_ascii_lowercase(),
        Some(PointIdOptions::Num(n)) => format!("#{n}"),
        None => String::new(),
    }
}

fn string_value(value: Option<&Value>) -> Option<String> {
    match value?.kind.as_ref()? {
        Kind::StringValue(s) => Some(s.clone()),
        _ => None,
    }
}

/// The reference semantics of [`PayloadFilter::matches`] as a Qdrant filter over the payload
/// [`written_point`] writes; `None` when it lets everything through.
pub fn qdrant_filter(filter: &PayloadFilter) -> Option<Filter> {
    let mut must = Vec::new();
    if !filter.languages_any.is_empty() {
        must.push(any_keyword(LANGUAGES, filter.languages_any.clone()));
    }
    if !filter.needs_any.is_empty() {
        must.push(any_keyword(
            NEEDS,
            filter.needs_any.iter().map(|n| n.as_str().to_owned()).collect(),
        ));
    }
    if !filter.taxonomy_any.is_empty() {
        must.push(any_keyword(TAXONOMY, filter.taxonomy_any.clone()));
    }
    if let Some(geo) = &filter.geo {
        let b = geo.bbox;
        // Qdrant refuses longitudes outside ±180; clamping keeps every valid point's answer.
        let inside = Condition::geo_bounding_box(
            LOCATION,
            GeoBoundingBox {
                top_left: Some(GeoPoint {
                    lat: b.max_lat,
                    lon: b.min_lon.clamp(-180.0, 180.0),
                }),
                bottom_right: Some(GeoPoint {
                    lat: b.min_lat,
                    lon: b.max_lon.clamp(-180.0, 180.0),
                }),
            },
        );
        must.push(if geo.include_unlocated {
            Filter::should([inside, Condition::is_empty(LOCATION)]).into()
        } else {
            inside
        });
    }
    (!must.is_empty()).then(|| Filter::must(must))
}

/// Matches when the field's keyword list shares a value with `values`. Built by hand: the
/// client's `From<String>` turns values with spaces into full-text matches.
fn any_keyword(field: &str, values: Vec<String>) -> Condition {
    Condition::matches(field, MatchValue::Keywords(RepeatedStrings { strings: values }))
}

fn backend(action: &str, target: &str, e: QdrantError) -> IndexError {
    IndexError::Backend(format!("qdrant: {action} {target}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_ids_are_stable_uuids() {
        let id = ServiceId::parse("211-ON-1234").unwrap();
        let a = point_uuid(&id);
        assert_eq!(a, point_uuid(&id), "the same service always gets the same point");
        assert_ne!(a, point_uuid(&ServiceId::parse("211-ON-1235").unwrap()));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8 (custom)");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "RFC variant");
    }

    #[test]
    fn the_content_hash_changes_with_any_written_field() {
        let base = IndexPoint {
            id: ServiceId::parse("s1").unwrap(),
            vector: vec![1.0, 0.0],
            payload: super::super::Payload::default(),
        };
        let hash = |p: &IndexPoint| written_point(p).hash;
        let mut scaled = base.clone();
        scaled.vector = vec![3.0, 0.0];
        assert_eq!(hash(&base), hash(&scaled), "only the direction is stored");
        let mut moved = base.clone();
        moved.vector = vec![0.0, 1.0];
        assert_ne!(hash(&base), hash(&moved));
        let mut speaks = base.clone();
        speaks.payload.languages = vec!["fr".into()];
        assert_ne!(hash(&base), hash(&speaks));
        let mut located = base.clone();
        located.payload.point = Some(frontdoor_core::ports::GeoPoint { lat: 43.0, lon: -79.0 });
        assert_ne!(hash(&base), hash(&located));
    }

    #[test]
    fn the_empty_filter_sends_no_filter() {
        assert!(qdrant_filter(&PayloadFilter::default()).is_none());
    }
}
