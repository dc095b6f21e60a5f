//! A loopback Qdrant for tests: a tonic server on 127.0.0.1 (random port) implementing the
//! `qdrant.Collections` and `qdrant.Points` gRPC services with the server traits
//! `qdrant-client` ships, so `QdrantIndex` is exercised over real gRPC and protobuf.
//!
//! It keeps genuine semantics for what Frontdoor uses: collections with one dense vector and a
//! distance (cosine vectors are normalised on write, like Qdrant), payload indexes, upsert,
//! delete by ids or filter, count, scroll in id order with a next-page offset, and nearest
//! queries scored exactly, evaluating the `Filter` it receives (must / should / must_not /
//! min_should, nested filters, `match` keyword / keywords / except, `geo_bounding_box`,
//! `is_empty`, `has_id`). Like a Qdrant in strict mode it refuses to filter on a field with no
//! payload index of the right kind, so a missing index fails the tests. Equal scores come back
//! in descending point-id order: not the service-id order the adapter must restore.
//!
//! Every other RPC answers `unimplemented`.

use ::qdrant_client::qdrant::collections_server::{Collections, CollectionsServer};
use ::qdrant_client::qdrant::points_server::{Points, PointsServer};
use ::qdrant_client::qdrant::*;
use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tonic::{Request, Response, Status};

/// A running double; the server stops when this is dropped.
pub struct QdrantDouble {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    state: Arc<Mutex<State>>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl QdrantDouble {
    /// Starts a double on a random loopback port.
    pub async fn start() -> Self {
        let incoming = tonic::transport::server::TcpIncoming::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .expect("bind a loopback port");
        let addr = incoming.local_addr().expect("local address");
        let state = Arc::new(Mutex::new(State::default()));
        let service = Double { state: state.clone() };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(
            tonic::transport::Server::builder()
                .add_service(CollectionsServer::new(service.clone()))
                .add_service(PointsServer::new(service))
                .serve_with_incoming_shutdown(incoming, async {
                    let _ = stopped.await;
                }),
        );
        Self {
            url: format!("http://{addr}"),
            state,
            _stop: stop,
        }
    }

    /// The payload indexes of a collection, by field, as (`PayloadSchemaType` name).
    pub fn payload_indexes(&self, collection: &str) -> Vec<(String, String)> {
        let state = self.state.lock().unwrap();
        let mut out: Vec<(String, String)> = state
            .collections
            .get(collection)
            .map(|c| {
                c.indexes
                    .iter()
                    .map(|(f, t)| {
                        let name = PayloadSchemaType::try_from(*t).map_or("?", |t| t.as_str_name());
                        (f.clone(), name.to_owned())
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort();
        out
    }

    /// How many upserted points the double has received in total (to see what a sync re-sent).
    pub fn points_received(&self) -> usize {
        self.state.lock().unwrap().points_received
    }

    /// The searches the double has answered, with the filter each carried.
    pub fn filters_seen(&self) -> Vec<Option<Filter>> {
        self.state.lock().unwrap().filters_seen.clone()
    }

    /// The collections that exist.
    pub fn collections(&self) -> Vec<String> {
        self.state.lock().unwrap().collections.keys().cloned().collect()
    }
}

#[derive(Default)]
struct State {
    collections: HashMap<String, Collection>,
    points_received: usize,
    filters_seen: Vec<Option<Filter>>,
}

struct Collection {
    size: u64,
    distance: Distance,
    /// By point key (UUID text, or the number zero-padded so that keys sort like ids).
    points: BTreeMap<String, Stored>,
    /// Field → `PayloadSchemaType`.
    indexes: HashMap<String, i32>,
}

#[derive(Clone)]
struct Stored {
    id: PointId,
    vector: Vec<f32>,
    payload: HashMap<String, Value>,
}

#[derive(Clone)]
struct Double {
    state: Arc<Mutex<State>>,
}

fn key(id: &PointId) -> Result<String, Status> {
    match &id.point_id_options {
        // Qdrant orders numeric ids before UUIDs.
        Some(point_id::PointIdOptions::Num(n)) => Ok(format!("0:{n:020}")),
        Some(point_id::PointIdOptions::Uuid(u)) => {
            let ok = u.len() == 36
                && u.chars().enumerate().all(|(i, c)| match i {
                    8 | 13 | 18 | 23 => c == '-',
                    _ => c.is_ascii_hexdigit(),
                });
            if ok {
                Ok(format!("1:{}", u.to_ascii_lowercase()))
            } else {
                Err(Status::invalid_argument(format!("Unable to parse UUID: {u}")))
            }
        }
        None => Err(Status::invalid_argument("point id is missing")),
    }
}

fn dense(vectors: Option<&Vectors>) -> Result<Vec<f32>, Status> {
    #[allow(deprecated)]
    match vectors.and_then(|v| v.vectors_options.as_ref()) {
        Some(vectors::VectorsOptions::Vector(v)) => match &v.vector {
            Some(vector::Vector::Dense(d)) => Ok(d.data.clone()),
            None if !v.data.is_empty() => Ok(v.data.clone()),
            _ => Err(Status::invalid_argument("only dense vectors are supported")),
        },
        _ => Err(Status::invalid_argument("only one unnamed dense vector is supported")),
    }
}

fn unit(v: &[f32]) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter().map(|x| x / norm).collect()
    } else {
        v.to_vec()
    }
}

fn not_found(name: &str) -> Status {
    Status::not_found(format!("Not found: Collection `{name}` doesn't exist!"))
}

fn done() -> Response<PointsOperationResponse> {
    Response::new(PointsOperationResponse {
        result: Some(UpdateResult {
            operation_id: Some(0),
            status: UpdateStatus::Completed as i32,
        }),
        time: 0.0,
        usage: None,
    })
}

impl Collection {
    fn check_dim(&self, v: &[f32]) -> Result<(), Status> {
        if v.len() as u64 != self.size {
            return Err(Status::invalid_argument(format!(
                "Wrong input: Vector dimension error: expected dim: {}, got {}",
                self.size,
                v.len()
            )));
        }
        Ok(())
    }

    fn selected(&self, filter: Option<&Filter>) -> Result<Vec<&Stored>, Status> {
        let mut out = Vec::new();
        for p in self.points.values() {
            if filter.map_or(Ok(true), |f| self.passes(f, p))? {
                out.push(p);
            }
        }
        Ok(out)
    }

    fn passes(&self, filter: &Filter, p: &Stored) -> Result<bool, Status> {
        for c in &filter.must {
            if !self.holds(c, p)? {
                return Ok(false);
            }
        }
        for c in &filter.must_not {
            if self.holds(c, p)? {
                return Ok(false);
            }
        }
        if !filter.should.is_empty() {
            let mut any = false;
            for c in &filter.should {
                any |= self.holds(c, p)?;
            }
            if !any {
                return Ok(false);
            }
        }
        if let Some(min) = &filter.min_should {
            let mut n = 0;
            for c in &min.conditions {
                n += u64::from(self.holds(c, p)?);
            }
            if n < min.min_count {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn holds(&self, c: &Condition, p: &Stored) -> Result<bool, Status> {
        match &c.condition_one_of {
            Some(condition::ConditionOneOf::Field(f)) => self.field_holds(f, p),
            Some(condition::ConditionOneOf::IsEmpty(e)) => {
                self.require_index(&e.key, None)?;
                Ok(is_empty(p.payload.get(&e.key)))
            }
            Some(condition::ConditionOneOf::Filter(f)) => self.passes(f, p),
            Some(condition::ConditionOneOf::HasId(h)) => {
                let k = key(&p.id)?;
                for id in &h.has_id {
                    if key(id)? == k {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => Err(Status::unimplemented(
                "the Qdrant double evaluates field, is_empty, has_id and nested filter conditions only",
            )),
        }
    }

    fn field_holds(&self, f: &FieldCondition, p: &Stored) -> Result<bool, Status> {
        let value = p.payload.get(&f.key);
        if let Some(m) = &f.r#match {
            self.require_index(&f.key, Some(PayloadSchemaType::Keyword))?;
            let strings = strings(value);
            return match &m.match_value {
                Some(r#match::MatchValue::Keyword(k)) => Ok(strings.iter().any(|s| s == k)),
                Some(r#match::MatchValue::Keywords(ks)) => Ok(strings.iter().any(|s| ks.strings.contains(s))),
                Some(r#match::MatchValue::ExceptKeywords(ks)) => Ok(strings.iter().all(|s| !ks.strings.contains(s))),
                _ => Err(Status::unimplemented("the Qdrant double matches keywords only")),
            };
        }
        if let Some(b) = &f.geo_bounding_box {
            self.require_index(&f.key, Some(PayloadSchemaType::Geo))?;
            let (Some(tl), Some(br)) = (&b.top_left, &b.bottom_right) else {
                return Err(Status::invalid_argument("geo_bounding_box needs both corners"));
            };
            for (lat, lon) in [tl.lat, br.lat].into_iter().zip([tl.lon, br.lon]) {
                if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                    return Err(Status::invalid_argument("Wrong input: geo point out of range"));
                }
            }
            return Ok(geo_points(value).into_iter().any(|(lat, lon)| {
                let lat_in = lat <= tl.lat && lat >= br.lat;
                // A box whose west edge is east of its east edge crosses the antimeridian.
                let lon_in = if tl.lon <= br.lon {
                    lon >= tl.lon && lon <= br.lon
                } else {
                    lon >= tl.lon || lon <= br.lon
                };
                lat_in && lon_in
            }));
        }
        if let Some(wanted) = f.is_empty {
            self.require_index(&f.key, None)?;
            return Ok(is_empty(value) == wanted);
        }
        Err(Status::unimplemented(
            "the Qdrant double evaluates match, geo_bounding_box and is_empty field conditions only",
        ))
    }

    /// Strict mode: filtering needs a payload index (of the right kind, when one is named).
    fn require_index(&self, field: &str, kind: Option<PayloadSchemaType>) -> Result<(), Status> {
        match (self.indexes.get(field), kind) {
            (None, _) => Err(Status::invalid_argument(format!(
                "Bad request: Index required but not found for \"{field}\""
            ))),
            (Some(t), Some(k)) if *t != k as i32 => Err(Status::invalid_argument(format!(
                "Bad request: Index of type {} required for \"{field}\"",
                k.as_str_name()
            ))),
            _ => Ok(()),
        }
    }

    fn with_payload(&self, p: &Stored, selector: Option<&WithPayloadSelector>) -> HashMap<String, Value> {
        match selector.and_then(|s| s.selector_options.as_ref()) {
            Some(with_payload_selector::SelectorOptions::Enable(true)) => p.payload.clone(),
            Some(with_payload_selector::SelectorOptions::Include(i)) => p
                .payload
                .iter()
                .filter(|(k, _)| i.fields.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            Some(with_payload_selector::SelectorOptions::Exclude(e)) => p
                .payload
                .iter()
                .filter(|(k, _)| !e.fields.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            _ => HashMap::new(),
        }
    }

    fn score(&self, query: &[f32], v: &[f32]) -> f32 {
        match self.distance {
            Distance::Euclid => -query.iter().zip(v).map(|(a, b)| (a - b) * (a - b)).sum::<f32>().sqrt(),
            _ => query.iter().zip(v).map(|(a, b)| a * b).sum(),
        }
    }
}

fn is_empty(value: Option<&Value>) -> bool {
    match value.and_then(|v| v.kind.as_ref()) {
        None | Some(value::Kind::NullValue(_)) => true,
        Some(value::Kind::ListValue(l)) => l.values.is_empty(),
        _ => false,
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    let one = |v: &Value| match &v.kind {
        Some(value::Kind::StringValue(s)) => Some(s.clone()),
        _ => None,
    };
    match value.and_then(|v| v.kind.as_ref()) {
        Some(value::Kind::ListValue(l)) => l.values.iter().filter_map(one).collect(),
        Some(_) => value.and_then(one).into_iter().collect(),
        None => Vec::new(),
    }
}

fn geo_points(value: Option<&Value>) -> Vec<(f64, f64)> {
    let one = |v: &Value| match &v.kind {
        Some(value::Kind::StructValue(s)) => {
            let num = |k: &str| match s.fields.get(k).and_then(|v| v.kind.as_ref()) {
                Some(value::Kind::DoubleValue(d)) => Some(*d),
                Some(value::Kind::IntegerValue(i)) => Some(*i as f64),
                _ => None,
            };
            Some((num("lat")?, num("lon")?))
        }
        _ => None,
    };
    match value.and_then(|v| v.kind.as_ref()) {
        Some(value::Kind::ListValue(l)) => l.values.iter().filter_map(one).collect(),
        Some(_) => value.and_then(one).into_iter().collect(),
        None => Vec::new(),
    }
}

impl Double {
    fn with<T>(&self, name: &str, f: impl FnOnce(&mut Collection) -> Result<T, Status>) -> Result<T, Status> {
        let mut state = self.state.lock().unwrap();
        let c = state.collections.get_mut(name).ok_or_else(|| not_found(name))?;
        f(c)
    }
}

/// Implements a service trait: the given methods, and `unimplemented` for the listed others.
/// (A macro around the whole impl, so that `async_trait` sees the generated methods.)
macro_rules! service {
    ($trait:ident for $ty:ty { $($body:tt)* } unimplemented { $($name:ident($req:ident) -> $resp:ident;)* }) => {
        #[tonic::async_trait]
        impl $trait for $ty {
            $($body)*
            $(
                async fn $name(&self, _request: Request<$req>) -> Result<Response<$resp>, Status> {
                    Err(Status::unimplemented(concat!("the Qdrant double does not implement ", stringify!($name))))
                }
            )*
        }
    };
}

service! { Collections for Double {
    async fn get(&self, request: Request<GetCollectionInfoRequest>) -> Result<Response<GetCollectionInfoResponse>, Status> {
        let name = request.into_inner().collection_name;
        let info = self.with(&name, |c| {
            Ok(CollectionInfo {
                status: CollectionStatus::Green as i32,
                config: Some(CollectionConfig {
                    params: Some(CollectionParams {
                        shard_number: 1,
                        vectors_config: Some(VectorsConfig {
                            config: Some(vectors_config::Config::Params(VectorParams {
                                size: c.size,
                                distance: c.distance as i32,
                                ..Default::default()
                            })),
                        }),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                payload_schema: c
                    .indexes
                    .iter()
                    .map(|(f, t)| (f.clone(), PayloadSchemaInfo { data_type: *t, params: None, points: Some(c.points.len() as u64) }))
                    .collect(),
                points_count: Some(c.points.len() as u64),
                ..Default::default()
            })
        })?;
        Ok(Response::new(GetCollectionInfoResponse { result: Some(info), time: 0.0 }))
    }

    async fn create(&self, request: Request<CreateCollection>) -> Result<Response<CollectionOperationResponse>, Status> {
        let r = request.into_inner();
        let Some(vectors_config::Config::Params(params)) = r.vectors_config.and_then(|v| v.config) else {
            return Err(Status::unimplemented("the Qdrant double holds one unnamed dense vector per point"));
        };
        if params.size == 0 {
            return Err(Status::invalid_argument("Validation error: size must be at least 1"));
        }
        let distance = Distance::try_from(params.distance).map_err(|_| Status::invalid_argument("unknown distance"))?;
        let mut state = self.state.lock().unwrap();
        if state.collections.contains_key(&r.collection_name) {
            return Err(Status::invalid_argument(format!(
                "Wrong input: Collection `{}` already exists!",
                r.collection_name
            )));
        }
        state.collections.insert(
            r.collection_name,
            Collection { size: params.size, distance, points: BTreeMap::new(), indexes: HashMap::new() },
        );
        Ok(Response::new(CollectionOperationResponse { result: true, time: 0.0 }))
    }

    async fn delete(&self, request: Request<DeleteCollection>) -> Result<Response<CollectionOperationResponse>, Status> {
        let removed = self.state.lock().unwrap().collections.remove(&request.into_inner().collection_name);
        Ok(Response::new(CollectionOperationResponse { result: removed.is_some(), time: 0.0 }))
    }

    async fn collection_exists(
        &self,
        request: Request<CollectionExistsRequest>,
    ) -> Result<Response<CollectionExistsResponse>, Status> {
        let exists = self.state.lock().unwrap().collections.contains_key(&request.into_inner().collection_name);
        Ok(Response::new(CollectionExistsResponse { result: Some(CollectionExists { exists }), time: 0.0 }))
    }
} unimplemented {
    list(ListCollectionsRequest) -> ListCollectionsResponse;
    update(UpdateCollection) -> CollectionOperationResponse;
    update_aliases(ChangeAliases) -> CollectionOperationResponse;
    list_collection_aliases(ListCollectionAliasesRequest) -> ListAliasesResponse;
    list_aliases(ListAliasesRequest) -> ListAliasesResponse;
    collection_cluster_info(CollectionClusterInfoRequest) -> CollectionClusterInfoResponse;
    update_collection_cluster_setup(UpdateCollectionClusterSetupRequest) -> UpdateCollectionClusterSetupResponse;
    create_shard_key(CreateShardKeyRequest) -> CreateShardKeyResponse;
    delete_shard_key(DeleteShardKeyRequest) -> DeleteShardKeyResponse;
    list_shard_keys(ListShardKeysRequest) -> ListShardKeysResponse;
}}

service! { Points for Double {
    async fn upsert(&self, request: Request<UpsertPoints>) -> Result<Response<PointsOperationResponse>, Status> {
        let r = request.into_inner();
        let received = r.points.len();
        self.with(&r.collection_name, |c| {
            // Validate the whole batch first: Qdrant applies a batch or refuses it.
            let mut rows = Vec::with_capacity(r.points.len());
            for p in r.points {
                let id = p.id.ok_or_else(|| Status::invalid_argument("point id is missing"))?;
                let k = key(&id)?;
                let v = dense(p.vectors.as_ref())?;
                c.check_dim(&v)?;
                let v = if c.distance == Distance::Cosine { unit(&v) } else { v };
                rows.push((k, Stored { id, vector: v, payload: p.payload }));
            }
            c.points.extend(rows);
            Ok(())
        })?;
        self.state.lock().unwrap().points_received += received;
        Ok(done())
    }

    async fn delete(&self, request: Request<DeletePoints>) -> Result<Response<PointsOperationResponse>, Status> {
        let r = request.into_inner();
        self.with(&r.collection_name, |c| {
            match r.points.and_then(|p| p.points_selector_one_of) {
                Some(points_selector::PointsSelectorOneOf::Points(list)) => {
                    for id in &list.ids {
                        c.points.remove(&key(id)?);
                    }
                }
                Some(points_selector::PointsSelectorOneOf::Filter(f)) => {
                    let gone: Vec<String> = c.selected(Some(&f))?.iter().map(|p| key(&p.id)).collect::<Result<_, _>>()?;
                    for k in gone {
                        c.points.remove(&k);
                    }
                }
                None => return Err(Status::invalid_argument("no points selected")),
            }
            Ok(())
        })?;
        Ok(done())
    }

    async fn create_field_index(
        &self,
        request: Request<CreateFieldIndexCollection>,
    ) -> Result<Response<PointsOperationResponse>, Status> {
        let r = request.into_inner();
        let kind = FieldType::try_from(r.field_type.unwrap_or_default())
            .map_err(|_| Status::invalid_argument("unknown field type"))?;
        // FieldType and PayloadSchemaType list the same kinds, the latter after `UnknownType`.
        let schema = kind as i32 + 1;
        self.with(&r.collection_name, |c| {
            c.indexes.insert(r.field_name, schema);
            Ok(())
        })?;
        Ok(done())
    }

    async fn scroll(&self, request: Request<ScrollPoints>) -> Result<Response<ScrollResponse>, Status> {
        let r = request.into_inner();
        let limit = r.limit.unwrap_or(10) as usize;
        let from = r.offset.as_ref().map(key).transpose()?;
        let (result, next_page_offset) = self.with(&r.collection_name, |c| {
            let mut page: Vec<&Stored> = c
                .selected(r.filter.as_ref())?
                .into_iter()
                .filter(|p| from.as_ref().is_none_or(|f| key(&p.id).is_ok_and(|k| k >= *f)))
                .take(limit + 1)
                .collect();
            let next = (page.len() > limit).then(|| page.pop().map(|p| p.id.clone())).flatten();
            let result = page
                .into_iter()
                .map(|p| RetrievedPoint {
                    id: Some(p.id.clone()),
                    payload: c.with_payload(p, r.with_payload.as_ref()),
                    ..Default::default()
                })
                .collect();
            Ok((result, next))
        })?;
        Ok(Response::new(ScrollResponse { next_page_offset, result, time: 0.0, usage: None }))
    }

    async fn count(&self, request: Request<CountPoints>) -> Result<Response<CountResponse>, Status> {
        let r = request.into_inner();
        let count = self.with(&r.collection_name, |c| Ok(c.selected(r.filter.as_ref())?.len() as u64))?;
        Ok(Response::new(CountResponse { result: Some(CountResult { count }), time: 0.0, usage: None }))
    }

    async fn query(&self, request: Request<QueryPoints>) -> Result<Response<QueryResponse>, Status> {
        let r = request.into_inner();
        let query = match r.query.and_then(|q| q.variant) {
            Some(query::Variant::Nearest(VectorInput { variant: Some(vector_input::Variant::Dense(d)) })) => d.data,
            _ => return Err(Status::unimplemented("the Qdrant double answers nearest queries with a dense vector only")),
        };
        if !r.prefetch.is_empty() || r.using.is_some() {
            return Err(Status::unimplemented("the Qdrant double has no prefetch or named vectors"));
        }
        let limit = r.limit.unwrap_or(10) as usize;
        let offset = r.offset.unwrap_or(0) as usize;
        self.state.lock().unwrap().filters_seen.push(r.filter.clone());
        let result = self.with(&r.collection_name, |c| {
            c.check_dim(&query)?;
            let q = if c.distance == Distance::Cosine { unit(&query) } else { query.clone() };
            let mut scored: Vec<(f32, &Stored)> = c
                .selected(r.filter.as_ref())?
                .into_iter()
                .map(|p| (c.score(&q, &p.vector), p))
                .filter(|(s, _)| r.score_threshold.is_none_or(|t| *s >= t))
                .collect();
            // Ties in descending point-key order: an order the client must not rely on.
            scored.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| key(&b.1.id).unwrap_or_default().cmp(&key(&a.1.id).unwrap_or_default()))
            });
            Ok(scored
                .into_iter()
                .skip(offset)
                .take(limit)
                .map(|(score, p)| ScoredPoint {
                    id: Some(p.id.clone()),
                    payload: c.with_payload(p, r.with_payload.as_ref()),
                    score,
                    ..Default::default()
                })
                .collect())
        })?;
        Ok(Response::new(QueryResponse { result, time: 0.0, usage: None }))
    }
} unimplemented {
    get(GetPoints) -> GetResponse;
    update_vectors(UpdatePointVectors) -> PointsOperationResponse;
    delete_vectors(DeletePointVectors) -> PointsOperationResponse;
    set_payload(SetPayloadPoints) -> PointsOperationResponse;
    overwrite_payload(SetPayloadPoints) -> PointsOperationResponse;
    delete_payload(DeletePayloadPoints) -> PointsOperationResponse;
    clear_payload(ClearPayloadPoints) -> PointsOperationResponse;
    delete_field_index(DeleteFieldIndexCollection) -> PointsOperationResponse;
    create_vector_name(CreateVectorNameRequest) -> PointsOperationResponse;
    delete_vector_name(DeleteVectorNameRequest) -> PointsOperationResponse;
    search(SearchPoints) -> SearchResponse;
    search_batch(SearchBatchPoints) -> SearchBatchResponse;
    search_groups(SearchPointGroups) -> SearchGroupsResponse;
    recommend(RecommendPoints) -> RecommendResponse;
    recommend_batch(RecommendBatchPoints) -> RecommendBatchResponse;
    recommend_groups(RecommendPointGroups) -> RecommendGroupsResponse;
    discover(DiscoverPoints) -> DiscoverResponse;
    discover_batch(DiscoverBatchPoints) -> DiscoverBatchResponse;
    update_batch(UpdateBatchPoints) -> UpdateBatchResponse;
    query_batch(QueryBatchPoints) -> QueryBatchResponse;
    query_groups(QueryPointGroups) -> QueryGroupsResponse;
    facet(FacetCounts) -> FacetResponse;
    search_matrix_pairs(SearchMatrixPoints) -> SearchMatrixPairsResponse;
    search_matrix_offsets(SearchMatrixPoints) -> SearchMatrixOffsetsResponse;
}}
