export const id = 861;
export const ids = [861];
export const modules = {

/***/ 9861:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  previousVersion: () => (/* binding */ previousVersion),
  publish: () => (/* binding */ publish),
  resolveAccount: () => (/* binding */ resolveAccount)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/inputs/read-inputs.ts + 5 modules
var read_inputs = __webpack_require__(1751);
// EXTERNAL MODULE: ./src/inputs/templates.ts
var templates = __webpack_require__(7154);
// EXTERNAL MODULE: ./src/inputs/description.ts
var description = __webpack_require__(9331);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-s3/dist-cjs/index.js
var dist_cjs = __webpack_require__(3711);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/lib-storage/dist-cjs/index.js
var lib_storage_dist_cjs = __webpack_require__(2358);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./src/publish/s3-staging.ts



/** Multipart part size: S3's minimum for all parts but the last. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
/** The staging key: the content hash makes it unique per archive and safe to re-upload. Pure. */
function stagingKey(prefix, layerName, codeSha256) {
    const hex = Buffer.from(codeSha256, 'base64').toString('hex');
    return `${prefix}${layerName}/${hex}.zip`;
}
/** Streams the zip from disk to the bucket, in parts when it is large. */
async function uploadArchive(client, bucket, key, zipPath) {
    const upload = new lib_storage_dist_cjs/* Upload */._({
        client,
        params: { Bucket: bucket, Key: key, Body: (0,external_node_fs_.createReadStream)(zipPath), ContentType: 'application/zip' },
        partSize: PART_BYTES,
        queueSize: PARTS_IN_FLIGHT,
        leavePartsOnError: false
    });
    await upload.done();
}
async function deleteStagedArchive(client, bucket, key) {
    await client.send(new dist_cjs.DeleteObjectCommand({ Bucket: bucket, Key: key }));
}
/**
 * Stages the zip in the bucket, runs `task` on it, then deletes the object unless it is kept. A
 * failed upload leaves no object behind (a failed multipart upload is aborted); a failed delete is
 * a warning, not a failure.
 */
async function withStagedArchive(client, staged, task, warn) {
    await uploadArchive(client, staged.bucket, staged.key, staged.zipPath);
    try {
        return await task();
    }
    finally {
        if (!staged.keep)
            await deleteStagedArchive(client, staged.bucket, staged.key).catch(warn);
    }
}

// EXTERNAL MODULE: ./src/model/timed-group.ts
var timed_group = __webpack_require__(968);
// EXTERNAL MODULE: ./src/model/run-bounded.ts
var run_bounded = __webpack_require__(4552);
// EXTERNAL MODULE: ./node_modules/@smithy/service-error-classification/dist-cjs/index.js
var service_error_classification_dist_cjs = __webpack_require__(2058);
;// CONCATENATED MODULE: ./src/publish/aws-errors.ts

const notes = new WeakMap();
function noteOn(error, note) {
    if (typeof error !== 'object' || error === null)
        return error;
    notes.set(error, { ...note, ...notes.get(error) });
    return error;
}
/** Records the operation that failed; the first one recorded (the innermost call) wins. */
function withOperation(error, operation) {
    return operation === undefined ? error : noteOn(error, { operation });
}
/** Records what the failed call was about (a statement id, a parameter name). */
function withSubject(error, what) {
    return noteOn(error, { what });
}
/** Records why retrying stopped. */
function withGiveUpNote(error, giveUp) {
    return noteOn(error, { giveUp });
}
/** The operation whose call failed, when the SDK client sent it. */
function operationOf(error) {
    return typeof error === 'object' && error !== null ? notes.get(error)?.operation : undefined;
}
function isThrottled(error) {
    return typeof error === 'object' && error !== null && (0,service_error_classification_dist_cjs/* isThrottlingError */.Qb)(error);
}
/** Throttled, 5xx or a network failure: the call may succeed if sent again. */
function isRetryable(error) {
    if (typeof error !== 'object' || error === null)
        return false;
    const sdkError = error;
    return (0,service_error_classification_dist_cjs/* isThrottlingError */.Qb)(sdkError) || (0,service_error_classification_dist_cjs/* isTransientError */.bV)(sdkError) || (0,service_error_classification_dist_cjs/* isServerError */.GQ)(sdkError);
}
function isNotFound(error) {
    return error?.name === 'ResourceNotFoundException';
}
/** "TooManyRequestsException: Rate exceeded (HTTP 429)". */
function reasonOf(error) {
    const name = error instanceof Error ? error.name : 'Error';
    const message = error instanceof Error ? error.message : String(error);
    const status = error?.$metadata?.httpStatusCode;
    const reason = [name, message].filter(Boolean).join(': ').replace(/\s+/g, ' ').trim();
    return `${reason}${status ? ` (HTTP ${status})` : ''}`;
}
/** "throttled (TooManyRequestsException: Rate exceeded (HTTP 429))", for the retry log. */
function describeFailure(error) {
    return `${isThrottled(error) ? 'throttled' : 'failed'} (${reasonOf(error)})`;
}
/**
 * One line describing an AWS call's failure, naming the operation that failed:
 * "<region>: <Operation> (<what>) failed: <reason>; gave up after ...".
 */
function awsErrorMessage(region, error, fallbackOperation, what) {
    const note = typeof error === 'object' && error !== null ? notes.get(error) : undefined;
    const subject = note?.what ?? what;
    const giveUp = note?.giveUp ? `; ${note.giveUp}` : '';
    return `${region}: ${note?.operation ?? fallbackOperation}${subject ? ` (${subject})` : ''} failed: ${reasonOf(error)}${giveUp}`;
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var client_lambda_dist_cjs = __webpack_require__(1696);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: external "node:async_hooks"
var external_node_async_hooks_ = __webpack_require__(6698);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
;// CONCATENATED MODULE: ./src/publish/retry-budget.ts
/**
 * A region's retry-timeout: the time its calls may spend failing, in total. A call is failing from
 * its first failed attempt until it succeeds or gives up; while several calls of the region fail at
 * once, the time counts once.
 */
class RetryBudget {
    timeoutMs;
    now;
    failing = 0;
    failingSince = 0;
    spentMs = 0;
    constructor(timeoutMs, now = Date.now) {
        this.timeoutMs = timeoutMs;
        this.now = now;
    }
    /** A call has failed for the first time. */
    startFailing() {
        if (this.failing++ === 0)
            this.failingSince = this.now();
    }
    /** A failing call succeeded or gave up. */
    stopFailing() {
        if (this.failing === 0)
            return;
        if (--this.failing === 0)
            this.spentMs += this.now() - this.failingSince;
    }
    /** Milliseconds spent failing so far. */
    spent() {
        return this.spentMs + (this.failing > 0 ? this.now() - this.failingSince : 0);
    }
    left() {
        return this.timeoutMs - this.spent();
    }
}

;// CONCATENATED MODULE: ./src/publish/retry-policy.ts
/**
 * When to send a failed AWS call again: exponential backoff with full jitter, never sooner than
 * the server's Retry-After, within what is left of the region's retry-timeout. Pure.
 */
/** First backoff ceiling; doubles with each attempt. */
const BASE_DELAY_MS = 250;
/** Largest backoff ceiling (the SDK's own maximum retry delay). */
const MAX_DELAY_MS = 20_000;
/** The backoff ceiling before attempt `attempt + 1` (attempt counts from 1). */
function backoffCeiling(attempt) {
    return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}
/** Full jitter: a uniform wait in [0, ceiling), but never less than Retry-After. `random` returns [0, 1). */
function backoffDelay(attempt, retryAfterMs, random) {
    const jittered = Math.floor(random() * backoffCeiling(attempt));
    return Math.max(jittered, retryAfterMs ?? 0);
}
/**
 * A Retry-After value in milliseconds from `now`: delay-seconds ("3") or an HTTP-date
 * ("Wed, 21 Oct 2026 07:28:00 GMT"). A date in the past means now (0); anything else undefined.
 */
function parseRetryAfter(value, now) {
    const text = value?.trim() ?? '';
    if (/^\d+$/.test(text))
        return Number(text) * 1000;
    const at = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/** The Retry-After header of an SDK error's HTTP response, in milliseconds from `now`. */
function retryAfterOf(error, now) {
    const headers = error?.$response?.headers ?? {};
    const name = Object.keys(headers).find(header => header.toLowerCase() === 'retry-after');
    return name === undefined ? undefined : parseRetryAfter(headers[name], now);
}
/**
 * Whether to try again after attempt `attempt` failed with a retryable error, and after what wait,
 * given `leftMs` of the region's budget: a Retry-After beyond the budget gives up at once; a
 * backoff beyond it is cut to what is left, so the last attempt comes as the budget ends.
 */
function decideRetry(attempt, retryAfterMs, leftMs, random) {
    if (leftMs <= 0)
        return { retry: false, reason: 'retry-timeout used up' };
    if (retryAfterMs !== undefined && retryAfterMs > leftMs) {
        return {
            retry: false,
            reason: `Retry-After ${Math.ceil(retryAfterMs / 1000)} s is beyond what is left of retry-timeout`
        };
    }
    return { retry: true, waitMs: Math.min(backoffDelay(attempt, retryAfterMs, random), leftMs) };
}

;// CONCATENATED MODULE: ./src/publish/region-retry.ts





const realSleep = milliseconds => new Promise(resolve => setTimeout(resolve, milliseconds));
/** One call's retry state: attempts so far, the wait before the next, and whether it is failing. */
class CallToken {
    retries;
    delay;
    failing;
    constructor(retries, delay, failing) {
        this.retries = retries;
        this.delay = delay;
        this.failing = failing;
    }
    getRetryCount() {
        return this.retries;
    }
    getRetryDelay() {
        return this.delay;
    }
}
/** The operation a client is sending, for strategies and logs (set by the middleware below). */
const currentOperation = new external_node_async_hooks_.AsyncLocalStorage();
const RETRYABLE = new Set(['THROTTLING', 'TRANSIENT', 'SERVER_ERROR']);
/**
 * Retries of one region: its retry-timeout budget, shared by every call and every client of the
 * region, and the log of each retry ("attempt n in x s").
 */
class RegionRetry {
    region;
    log;
    random;
    now;
    budget;
    constructor(region, timeoutMs, log, random = Math.random, now = Date.now) {
        this.region = region;
        this.log = log;
        this.random = random;
        this.now = now;
        this.budget = new RetryBudget(timeoutMs, now);
    }
    /**
     * The wait before attempt `attempt + 1` of a call that failed, logged; undefined when the
     * region's budget does not allow it (the error then says so).
     */
    next(operation, attempt, error, retryAfterMs) {
        const decision = decideRetry(attempt, retryAfterMs, this.budget.left(), this.random);
        if (!decision.retry) {
            const spent = (this.budget.spent() / 1000).toFixed(1);
            withGiveUpNote(error, `gave up after ${attempt} attempt(s), ${spent} s of retry-timeout: ${decision.reason}`);
            return undefined;
        }
        this.log(`${this.region}: ${operation} ${describeFailure(error)}; attempt ${attempt + 1} in ${(decision.waitMs / 1000).toFixed(1)} s`);
        return decision.waitMs;
    }
    /**
     * A retry strategy for one client of the region, with the SDK's adaptive client-side rate
     * limiting. Operations in `resendOnlyWhenThrottled` are retried here only after a throttle
     * (the request was refused); other failures go back to the caller, which may have to find out
     * whether the call was carried out before sending it again.
     */
    strategy(resendOnlyWhenThrottled = []) {
        const limiter = new retry.DefaultRateLimiter();
        const { budget } = this;
        return {
            mode: 'adaptive',
            acquireInitialRetryToken: async () => {
                await limiter.getSendToken();
                return new CallToken(0, 0, false);
            },
            refreshRetryTokenForRetry: async (token, failed) => {
                limiter.updateClientSendingRate(failed);
                const operation = currentOperation.getStore() ?? operationOf(failed.error) ?? 'call';
                const refusedOnly = resendOnlyWhenThrottled.includes(operation) && failed.errorType !== 'THROTTLING';
                if (!RETRYABLE.has(failed.errorType) || refusedOnly) {
                    if (token.failing)
                        budget.stopFailing();
                    throw failed.error;
                }
                if (!token.failing)
                    budget.startFailing();
                const hint = failed.retryAfterHint ? Math.max(0, failed.retryAfterHint.getTime() - this.now()) : undefined;
                const retryAfter = retryAfterOf(failed.error, this.now()) ?? hint;
                const wait = this.next(operation, token.getRetryCount() + 1, failed.error, retryAfter);
                if (wait === undefined) {
                    budget.stopFailing();
                    throw failed.error;
                }
                // The backoff and the rate limiter's pacing overlap: the retry goes when both allow it.
                await Promise.all([realSleep(wait), limiter.getSendToken()]);
                return new CallToken(token.getRetryCount() + 1, 0, true);
            },
            recordSuccess: (token) => {
                limiter.updateClientSendingRate({});
                if (token.failing)
                    budget.stopFailing();
            }
        };
    }
}
/**
 * Adds a middleware that runs each command with its operation name known to the retry strategy,
 * and notes on a failure the operation that failed, so errors name it.
 */
function nameOperations(stack) {
    const middleware = (next, context) => {
        const operation = context.commandName?.replace(/Command$/, '') ?? 'call';
        return (args) => currentOperation.run(operation, async () => {
            try {
                return await next(args);
            }
            catch (error) {
                throw withOperation(error, operation);
            }
        });
    };
    stack.add(middleware, { step: 'initialize', name: 'operationNameMiddleware' });
}

;// CONCATENATED MODULE: ./src/publish/aws-clients.ts




const USER_AGENT = 'lambda-layer-publisher/0.1';
/** Sent by the retry-and-adopt loop itself: a lost response may have created a version. */
const RESEND_ONLY_WHEN_THROTTLED = ['PublishLayerVersion'];
function createRegionClients(retry) {
    const config = { region: retry.region, customUserAgent: USER_AGENT };
    const lambda = new client_lambda_dist_cjs/* LambdaClient */.Nox({ ...config, retryStrategy: retry.strategy(RESEND_ONLY_WHEN_THROTTLED) });
    nameOperations(lambda.middlewareStack);
    let s3;
    let ssm;
    return {
        lambda,
        s3() {
            if (!s3) {
                s3 = new dist_cjs.S3Client({ ...config, retryStrategy: retry.strategy() });
                nameOperations(s3.middlewareStack);
            }
            return s3;
        },
        ssm() {
            if (!ssm) {
                ssm = new client_ssm_dist_cjs/* SSMClient */.jBj({ ...config, retryStrategy: retry.strategy() });
                nameOperations(ssm.middlewareStack);
            }
            return ssm;
        },
        destroy() {
            lambda.destroy();
            s3?.destroy();
            ssm?.destroy();
        }
    };
}

;// CONCATENATED MODULE: ./src/publish/existing-versions.ts


function sameSet(a, b) {
    const left = [...(a ?? [])].sort();
    const right = [...b].sort();
    return left.length === right.length && left.every((value, index) => value === right[index]);
}
/** True when a stored version has our bytes and our metadata. */
function matchesIdentity(stored, identity) {
    return (stored.Content?.CodeSha256 === identity.codeSha256 &&
        sameSet(stored.CompatibleRuntimes, identity.compatibleRuntimes) &&
        sameSet(stored.CompatibleArchitectures, identity.architectures) &&
        (stored.Description ?? '') === (identity.description ?? '') &&
        (stored.LicenseInfo ?? '') === (identity.licenseInfo ?? ''));
}
async function getVersion(client, layerName, version) {
    try {
        return await client.send(new client_lambda_dist_cjs/* GetLayerVersionCommand */.VK5({ LayerName: layerName, VersionNumber: version }));
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
function asExisting(stored) {
    return { layerVersionArn: stored.LayerVersionArn, version: stored.Version };
}
/** The layer's newest version, when it is identical to what we would publish. */
async function findIdenticalLatest(client, identity) {
    const listed = await client.send(new client_lambda_dist_cjs/* ListLayerVersionsCommand */.icq({ LayerName: identity.layerName, MaxItems: 1 }));
    const latest = listed.LayerVersions?.[0];
    if (latest?.Version === undefined)
        return undefined;
    const stored = await getVersion(client, identity.layerName, latest.Version);
    return stored && matchesIdentity(stored, identity) ? asExisting(stored) : undefined;
}
/**
 * A version with our bytes created at or after `since` (ms since epoch): what a publish whose
 * response was lost left behind. Looks at the newest page of versions only.
 */
async function findVersionCreatedSince(client, identity, since) {
    const listed = await client.send(new client_lambda_dist_cjs/* ListLayerVersionsCommand */.icq({ LayerName: identity.layerName, MaxItems: 50 }));
    const recent = (listed.LayerVersions ?? []).filter(item => item.CreatedDate && Date.parse(item.CreatedDate) >= since);
    for (const item of recent) {
        const stored = item.Version === undefined ? undefined : await getVersion(client, identity.layerName, item.Version);
        if (stored && matchesIdentity(stored, identity))
            return asExisting(stored);
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/publish/keep-versions.ts

/** Versions to delete so that only the newest `keep` remain; never `current`. Pure. */
function versionsToDelete(versions, keep, current) {
    if (keep <= 0)
        return [];
    const newestFirst = [...new Set(versions)].sort((a, b) => b - a);
    const kept = new Set(newestFirst.slice(0, keep));
    kept.add(current);
    return newestFirst.filter(version => !kept.has(version));
}
/** Deletes the region's versions older than the newest `keep`, sparing `current`. Returns those deleted. */
async function pruneOldVersions(client, layerName, keep, current) {
    if (keep <= 0)
        return [];
    const versions = [];
    for await (const page of (0,client_lambda_dist_cjs/* paginateListLayerVersions */.Y9l)({ client }, { LayerName: layerName })) {
        for (const item of page.LayerVersions ?? [])
            if (item.Version !== undefined)
                versions.push(item.Version);
    }
    const doomed = versionsToDelete(versions, keep, current);
    for (const version of doomed) {
        await client.send(new client_lambda_dist_cjs/* DeleteLayerVersionCommand */.KnR({ LayerName: layerName, VersionNumber: version }));
    }
    return doomed;
}

;// CONCATENATED MODULE: ./src/publish/permissions.ts


async function existingStatementIds(client, layerName, version) {
    try {
        const response = await client.send(new client_lambda_dist_cjs/* GetLayerVersionPolicyCommand */.fCq({ LayerName: layerName, VersionNumber: version }));
        const policy = JSON.parse(response.Policy ?? '{}');
        return new Set((policy.Statement ?? []).map(statement => statement.Sid ?? ''));
    }
    catch (error) {
        if (isNotFound(error))
            return new Set();
        throw error;
    }
}
/**
 * Makes sure every grant has its statement on the version, adding only the missing ones. A
 * statement that turns out to exist already (ResourceConflictException) counts as granted.
 * Returns the statement ids added.
 */
async function ensurePermissions(client, layerName, version, grants, versionIsNew) {
    if (grants.length === 0)
        return [];
    const existing = versionIsNew ? new Set() : await existingStatementIds(client, layerName, version);
    const added = [];
    for (const grant of grants.filter(candidate => !existing.has(candidate.statementId))) {
        try {
            await client.send(new client_lambda_dist_cjs/* AddLayerVersionPermissionCommand */.zjw({
                LayerName: layerName,
                VersionNumber: version,
                StatementId: grant.statementId,
                Action: 'lambda:GetLayerVersion',
                Principal: grant.principal,
                OrganizationId: grant.organizationId
            }));
            added.push(grant.statementId);
        }
        catch (error) {
            if (error.name !== 'ResourceConflictException')
                throw withSubject(error, grant.statementId);
        }
    }
    return added;
}

;// CONCATENATED MODULE: ./src/publish/ssm-parameter.ts

async function currentValue(client, name) {
    try {
        return (await client.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: name }))).Parameter?.Value;
    }
    catch (error) {
        if (error.name === 'ParameterNotFound')
            return undefined;
        throw error;
    }
}
/**
 * Writes the layer version ARN to a String parameter, replacing the previous value. A parameter
 * that already holds the ARN is left alone, so re-runs add no parameter versions. Returns
 * whether it was written.
 */
async function writeArnParameter(client, name, layerVersionArn) {
    if ((await currentValue(client, name)) === layerVersionArn)
        return false;
    await client.send(new client_ssm_dist_cjs/* PutParameterCommand */.ihh({
        Name: name,
        Value: layerVersionArn,
        Type: 'String',
        Overwrite: true,
        Description: 'Latest layer version ARN, written by lambda-layer-publisher'
    }));
    return true;
}

;// CONCATENATED MODULE: ./src/publish/layer-attachment.ts
/** Pure planning of a function's new layer list when a new version of one layer is published. */
const MAX_LAYERS_PER_FUNCTION = 5;
/** arn:aws:lambda:region:account:layer:name:version → arn:aws:lambda:region:account:layer:name */
function layerArnOf(layerVersionArn) {
    return layerVersionArn.replace(/:\d+$/, '');
}
/**
 * Replaces the function's version of this layer with the new one, keeping the other layers in
 * order; when the function does not carry the layer, appends it only if `attach` allows and
 * the five-layer limit leaves room.
 */
function planLayerList(current, newVersionArn, attach) {
    const layer = layerArnOf(newVersionArn);
    const index = current.findIndex(arn => layerArnOf(arn) === layer);
    if (index >= 0) {
        if (current[index] === newVersionArn)
            return { kind: 'unchanged', layers: current };
        const layers = current.map((arn, position) => (position === index ? newVersionArn : arn));
        return { kind: 'replaced', layers, previous: current[index] };
    }
    if (!attach)
        return { kind: 'refused', reason: `does not use layer ${layer}; set attach: true to add it` };
    if (current.length >= MAX_LAYERS_PER_FUNCTION) {
        return {
            kind: 'refused',
            reason: `already has ${current.length} layers, Lambda's limit is ${MAX_LAYERS_PER_FUNCTION}`
        };
    }
    return { kind: 'attached', layers: [...current, newVersionArn] };
}

;// CONCATENATED MODULE: ./src/publish/update-functions.ts



/** How the SDK's function waiter polls: from half a second, backing off to 5 s, for 5 minutes at most. */
const WAITER = { minDelay: 0.5, maxDelay: 5, maxWaitTime: 5 * 60 };
async function readConfiguration(client, name) {
    try {
        return await client.send(new client_lambda_dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: name }));
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw error;
    }
}
/**
 * Waits with the SDK's waiter until the function's last update is no longer in progress, then
 * reads its configuration; throws when the update failed or never ended.
 */
async function waitUntilSettled(client, name) {
    try {
        const settled = await (0,client_lambda_dist_cjs/* waitUntilFunctionUpdated */.nOy)({ client, ...WAITER }, { FunctionName: name });
        return settled.reason;
    }
    catch (error) {
        if (error.name === 'TimeoutError')
            throw new Error('update still in progress after 5 minutes', { cause: error });
    }
    // The waiter ends this way when the update failed: its reason is on the function.
    const configuration = await client.send(new client_lambda_dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: name }));
    throw new Error(`update failed: ${configuration.LastUpdateStatusReason ?? 'no reason given'}`);
}
async function updateOne(client, target, versionArn, attach) {
    const name = target.name;
    const found = await readConfiguration(client, name);
    // A name is looked for in every region; an ARN names one function that must exist.
    if (!found && target.region)
        return { function: name, status: 'failed', error: `${name} does not exist` };
    if (!found)
        return { function: name, status: 'absent' };
    const current = found.LastUpdateStatus === 'InProgress' ? await waitUntilSettled(client, name) : found;
    const plan = planLayerList((current.Layers ?? []).map(layer => layer.Arn ?? ''), versionArn, attach);
    if (plan.kind === 'refused')
        return { function: name, status: 'failed', error: `${name} ${plan.reason}` };
    if (plan.kind === 'unchanged')
        return { function: name, status: 'unchanged' };
    await client.send(new client_lambda_dist_cjs/* UpdateFunctionConfigurationCommand */.Zlw({ FunctionName: name, Layers: plan.layers, RevisionId: current.RevisionId }));
    await waitUntilSettled(client, name);
    return { function: name, status: plan.kind, previous: plan.kind === 'replaced' ? plan.previous : undefined };
}
/** Points every named function in the region at the new layer version, one after another. */
async function updateFunctionsInRegion(client, region, targets, versionArn, attach) {
    const updates = [];
    for (const target of targets.filter(candidate => !candidate.region || candidate.region === region)) {
        try {
            const update = await updateOne(client, target, versionArn, attach);
            updates.push(update.status === 'failed' ? { ...update, error: `${region}: ${update.error}` } : update);
        }
        catch (error) {
            updates.push({
                function: target.name,
                status: 'failed',
                error: awsErrorMessage(region, error, 'UpdateFunctionConfiguration', target.name)
            });
        }
    }
    return updates;
}

;// CONCATENATED MODULE: ./src/publish/follow-ups.ts





/** The steps for this region, in order: permissions, the SSM parameter, old versions, functions. */
function followUpsFor(region, clients, publication, options, version, versionIsNew) {
    const lambda = clients.lambda;
    const { layerName, grants } = publication;
    const ssmName = options.ssmParameterFor?.(region);
    const steps = [
        grants.length > 0 && {
            missing: `permissions (${grants.map(grant => grant.statementId).join(', ')})`,
            operation: 'AddLayerVersionPermission',
            run: async () => ({
                grantedStatements: await ensurePermissions(lambda, layerName, version.version, grants, versionIsNew)
            })
        },
        ssmName !== undefined && {
            missing: `SSM parameter ${ssmName}`,
            operation: 'PutParameter',
            what: ssmName,
            run: async () => ({
                ssmParameterWritten: await writeArnParameter(clients.ssm(), ssmName, version.layerVersionArn),
                ssmParameter: ssmName
            })
        },
        options.keepVersions > 0 && {
            missing: `keep-versions pruning (keep ${options.keepVersions})`,
            operation: 'DeleteLayerVersion',
            run: async () => ({
                deletedVersions: await pruneOldVersions(lambda, layerName, options.keepVersions, version.version)
            })
        },
        options.functions.length > 0 && {
            missing: 'function updates',
            operation: 'UpdateFunctionConfiguration',
            run: async () => ({
                functions: await updateFunctionsInRegion(lambda, region, options.functions, version.layerVersionArn, options.attach)
            })
        }
    ];
    return steps.filter((step) => step !== false);
}
/**
 * After the version is known: adds missing permissions, writes the SSM parameter, prunes old
 * versions and updates functions, stopping at the first step that fails.
 */
async function runFollowUps(region, clients, publication, options, version, versionIsNew) {
    const steps = followUpsFor(region, clients, publication, options, version, versionIsNew);
    let fields = {};
    for (const [index, step] of steps.entries()) {
        try {
            fields = { ...fields, ...(await step.run()) };
        }
        catch (error) {
            const missing = steps.slice(index).map(rest => rest.missing);
            return { fields, error: awsErrorMessage(region, error, step.operation, step.what), missing };
        }
    }
    return { fields };
}

;// CONCATENATED MODULE: ./src/publish/publish-call.ts





/**
 * Margin for the difference between our clock and Lambda's when matching a lost publish: wide
 * enough for a runner's NTP-synced clock, narrow enough not to adopt another run's older version.
 */
const CLOCK_SKEW_MS = 60 * 1000;
function identityOf(publication) {
    return {
        layerName: publication.layerName,
        codeSha256: publication.codeSha256,
        compatibleRuntimes: publication.compatibleRuntimes,
        architectures: publication.architectures,
        description: publication.description,
        licenseInfo: publication.licenseInfo
    };
}
async function sendPublish(client, publication, content, limit) {
    const command = new client_lambda_dist_cjs/* PublishLayerVersionCommand */.cl_({
        LayerName: publication.layerName,
        Content: content,
        CompatibleRuntimes: publication.compatibleRuntimes,
        CompatibleArchitectures: publication.architectures,
        Description: publication.description,
        LicenseInfo: publication.licenseInfo
    });
    const send = () => client.send(command);
    const published = await (limit ? limit(send) : send());
    if (published.Content?.CodeSha256 !== publication.codeSha256) {
        throw new Error(`Lambda stored CodeSha256 ${published.Content?.CodeSha256}, expected ${publication.codeSha256}`);
    }
    return { layerVersionArn: published.LayerVersionArn, version: published.Version };
}
/** The version a publish whose response was lost created, if any. */
async function lookForLostVersion(client, publication, since) {
    try {
        return await findVersionCreatedSince(client, identityOf(publication), since);
    }
    catch (error) {
        throw withSubject(error, 'looking for the version of a lost PublishLayerVersion response: one may exist');
    }
}
/**
 * Sends PublishLayerVersion within the region's retry budget. The client itself re-sends only
 * throttled calls (refused, so nothing was created); after any other transient failure the call
 * may have been carried out, so this waits, looks for the version it created and adopts it, and
 * sends again only when there is none: a lost response never leaves two versions.
 */
async function publishWithoutDuplicates(client, retry, publication, content, limit, sleep = realSleep) {
    const startedAt = Date.now() - CLOCK_SKEW_MS;
    let failing = false;
    try {
        for (let attempt = 1;; attempt++) {
            try {
                return { ...(await sendPublish(client, publication, content, limit)), adopted: false };
            }
            catch (error) {
                // A throttle reaching here was retried by the client until the budget ran out.
                if (!isRetryable(error) || isThrottled(error))
                    throw error;
                if (!failing)
                    retry.budget.startFailing();
                failing = true;
                const wait = retry.next('PublishLayerVersion', attempt, error, retryAfterOf(error, Date.now()));
                if (wait !== undefined)
                    await sleep(wait);
                // Even when giving up: a version the lost call created is adopted, not left unreported.
                const lookup = lookForLostVersion(client, publication, startedAt);
                const created = await (wait === undefined ? lookup.catch(() => undefined) : lookup);
                if (created)
                    return { ...created, adopted: true };
                if (wait === undefined)
                    throw error;
            }
        }
    }
    finally {
        if (failing)
            retry.budget.stopFailing();
    }
}

;// CONCATENATED MODULE: ./src/publish/publish-region.ts







/** A step's failure, with the operation to name when the error does not carry one. */
class StepError extends Error {
    operation;
    failure;
    what;
    constructor(operation, failure, what) {
        super(String(failure));
        this.operation = operation;
        this.failure = failure;
        this.what = what;
    }
}
async function step(operation, run, what) {
    try {
        return await run();
    }
    catch (error) {
        throw error instanceof StepError ? error : new StepError(operation, error, what);
    }
}
/** Publishes a new version from the request body, or from an object staged in the region's bucket. */
async function publishNewVersion(region, clients, retry, publication, options, warnings) {
    const { content } = publication;
    const publish = (source, limit = options.limitUploads) => step('PublishLayerVersion', () => publishWithoutDuplicates(clients.lambda, retry, publication, source, limit));
    if (content.kind === 'zip')
        return publish({ ZipFile: content.bytes });
    const bucket = content.bucketFor(region);
    const where = `s3://${bucket}/${content.key}`;
    const staged = { bucket, key: content.key, zipPath: content.zipPath, keep: content.keepStaged };
    const warn = (error) => warnings.push(awsErrorMessage(region, error, 'DeleteObject', where));
    const publishStaged = () => publish({ S3Bucket: bucket, S3Key: content.key }, undefined);
    return step('PutObject', () => withStagedArchive(clients.s3(), staged, publishStaged, warn), where);
}
/** The region's version: an identical newest one reused, or a new one published (or adopted). */
async function versionFor(region, clients, retry, publication, options, warnings) {
    const reusable = options.skipUnchanged
        ? await step('ListLayerVersions', () => findIdenticalLatest(clients.lambda, identityOf(publication)))
        : undefined;
    if (reusable)
        return { ...reusable, status: 'reused' };
    return { ...(await publishNewVersion(region, clients, retry, publication, options, warnings)), status: 'published' };
}
/**
 * Brings one region to a version of the layer with our content and permissions: reuses an
 * identical newest version, or publishes a new one; then adds any missing permission statement,
 * writes the SSM parameter, prunes old versions and updates functions. `onVersion` hears of the
 * version as soon as it is known.
 */
async function publishToRegion(region, publication, options, onVersion) {
    const retry = new RegionRetry(region, options.retryTimeoutMs, options.log);
    const clients = createRegionClients(retry);
    const warnings = [];
    const empty = { region, grantedStatements: [], deletedVersions: [], functions: [], warnings };
    try {
        const found = await versionFor(region, clients, retry, publication, options, warnings);
        const version = { layerVersionArn: found.layerVersionArn, version: found.version };
        const adopted = found.status === 'published' ? found.adopted : undefined;
        const { status } = found;
        onVersion?.(version);
        const known = { ...empty, ...version, adopted };
        const isNew = status === 'published' && !adopted;
        const outcome = await runFollowUps(region, clients, publication, options, version, isNew);
        if (outcome.error)
            return { ...known, ...outcome.fields, status: 'failed', error: outcome.error, missing: outcome.missing };
        return { ...known, ...outcome.fields, status };
    }
    catch (error) {
        const failure = error instanceof StepError ? error : new StepError('PublishLayerVersion', error);
        return {
            ...empty,
            status: 'failed',
            error: awsErrorMessage(region, failure.failure, failure.operation, failure.what)
        };
    }
    finally {
        clients.destroy();
    }
}

;// CONCATENATED MODULE: ./src/publish/publish-all.ts


/** Regions published at once. Each region has its own control-plane rate limit. */
const REGION_CONCURRENCY = 16;
/**
 * Zip bytes that direct (ZipFile) uploads may have in flight at once. The zip is held once, but
 * each request serializes it to base64 JSON, so a budget in bytes bounds memory whatever the
 * number of regions, while small layers still go to every region at the same time.
 */
const DIRECT_UPLOAD_BUDGET_BYTES = 96 * 1024 * 1024;
/** How many direct uploads of a zip of this size may be in flight at once: at least one. */
function directUploadsInFlight(zipBytes) {
    return Math.max(1, Math.min(REGION_CONCURRENCY, Math.floor(DIRECT_UPLOAD_BUDGET_BYTES / Math.max(1, zipBytes))));
}
/** Publishes to every region concurrently; one region's failure never stops the others. */
async function publishToAllRegions(regions, publication, options, progress) {
    const zipBytes = publication.content.kind === 'zip' ? publication.content.bytes.length : 0;
    const limitUploads = options.limitUploads ?? (0,run_bounded/* createLimiter */.z)(directUploadsInFlight(zipBytes));
    return (0,run_bounded/* mapBounded */.y)(regions, REGION_CONCURRENCY, async (region) => {
        progress?.started(region);
        const result = await publishToRegion(region, publication, { ...options, limitUploads }, version => progress?.versionKnown?.(region, version));
        progress?.finished(result);
        return result;
    });
}

;// CONCATENATED MODULE: ./src/publish/per-region-description.ts


/**
 * Publishes to every region, each with its own description (a description template using
 * {region} differs between regions). When every region has the same text this is
 * publishToAllRegions; otherwise each region is published on its own, with the same bound on
 * regions at once and the same shared budget of direct uploads in flight.
 */
async function publishWithDescriptions(regions, publication, descriptionFor, options, progress) {
    const descriptions = new Set(regions.map(descriptionFor));
    if (descriptions.size <= 1)
        return publishToAllRegions(regions, { ...publication, description: descriptionFor(regions[0]) }, options, progress);
    const zipBytes = publication.content.kind === 'zip' ? publication.content.bytes.length : 0;
    const limitUploads = options.limitUploads ?? (0,run_bounded/* createLimiter */.z)(directUploadsInFlight(zipBytes));
    const results = await (0,run_bounded/* mapBounded */.y)(regions, REGION_CONCURRENCY, region => publishToAllRegions([region], { ...publication, description: descriptionFor(region) }, { ...options, limitUploads }, progress));
    return results.flat();
}

// EXTERNAL MODULE: ./src/report/log-lines.ts
var log_lines = __webpack_require__(8326);
// EXTERNAL MODULE: ./src/report/outputs.ts
var outputs = __webpack_require__(5468);
// EXTERNAL MODULE: ./src/package/read-package-manifest.ts
var read_package_manifest = __webpack_require__(7469);
;// CONCATENATED MODULE: ./src/publish/previous-version.ts






/** Content.Location is valid for 10 minutes; a download that takes longer than this is given up. */
const DOWNLOAD_TIMEOUT_MS = 120_000;
/** Downloads Content.Location (a presigned URL: never logged, it carries a signature). */
async function download(location) {
    const response = await fetch(location, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok)
        throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
    return Buffer.from(await response.arrayBuffer());
}
function reason(error) {
    const cause = error?.cause;
    const message = error instanceof Error ? error.message : String(error);
    return cause?.code ? `${message} (${cause.code})` : message;
}
/**
 * Reads the newest version of the layer in `region` (ListLayerVersions, GetLayerVersion) and the
 * packages of its zip from Content.Location. Never throws: a failed call or download is reported in
 * the result, and publishing goes on.
 */
async function readPreviousVersion(region, current, retryTimeoutMs) {
    // Its own retry-timeout budget: reading what changed never eats into the region's publishing budget.
    const clients = createRegionClients(new RegionRetry(region, retryTimeoutMs, line => core/* info */.pq(line)));
    const client = clients.lambda;
    let operation = 'ListLayerVersions';
    try {
        const listed = await client.send(new client_lambda_dist_cjs/* ListLayerVersionsCommand */.icq({ LayerName: current.layerName, MaxItems: 1 }));
        const newest = listed.LayerVersions?.[0]?.Version;
        if (newest === undefined)
            return { kind: 'none', region };
        operation = 'GetLayerVersion';
        const stored = await client.send(new client_lambda_dist_cjs/* GetLayerVersionCommand */.VK5({ LayerName: current.layerName, VersionNumber: newest }));
        const found = {
            kind: 'found',
            region,
            version: newest,
            layerVersionArn: stored.LayerVersionArn ?? '',
            codeSha256: stored.Content?.CodeSha256 ?? '',
            codeSize: stored.Content?.CodeSize ?? 0
        };
        if (found.codeSha256 === current.codeSha256)
            return { ...found, packages: current.packages };
        const location = stored.Content?.Location;
        if (!location)
            return { ...found, unreadable: 'GetLayerVersion gave no Content.Location' };
        try {
            return { ...found, packages: (0,read_package_manifest/* packagesInZip */.gM)(await download(location)) };
        }
        catch (error) {
            return { ...found, unreadable: `downloading its Content.Location failed: ${reason(error)}` };
        }
    }
    catch (error) {
        return { kind: 'unavailable', region, reason: awsErrorMessage(region, error, operation) };
    }
    finally {
        clients.destroy();
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./src/model/partition.ts
var model_partition = __webpack_require__(655);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(7206);
;// CONCATENATED MODULE: ./src/preflight/caller-identity.ts




/** Credentials that are missing or refused: the step cannot publish anywhere. */
class CredentialsError extends Error {
    name = 'CredentialsError';
}
const FIX = 'add aws-actions/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)';
/** One line naming what went wrong with the credentials and how to give the step some. */
function credentialsFailure(region, error) {
    const name = error instanceof Error ? error.name : '';
    const status = error?.$metadata?.httpStatusCode;
    if (name === 'CredentialsProviderError')
        return new CredentialsError(`No AWS credentials found (${(0,errors/* errorLine */.BP)(error)}); ${FIX}.`);
    if (status !== undefined)
        return new CredentialsError(`AWS credentials refused by STS GetCallerIdentity in ${region} (${(0,errors/* errorLine */.BP)(error)}, HTTP ${status}); ${FIX}.`);
    return new CredentialsError(`Could not check the AWS credentials with STS GetCallerIdentity in ${region} (${(0,errors/* errorLine */.BP)(error)}); ${FIX}, and check that the runner reaches STS.`);
}
/** Resolves the credentials through the SDK's default provider chain and asks STS whose they are. */
async function callerIdentity(region) {
    const client = new client_sts_dist_cjs/* STSClient */.iM({ region, customUserAgent: USER_AGENT });
    try {
        const answer = await client.send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({}));
        const partition = answer.Arn ? (0,model_partition/* partitionOfArn */.Fh)(answer.Arn) : undefined;
        if (!answer.Account || !answer.Arn || !partition)
            throw new Error(`the answer has no account or ARN (${JSON.stringify({ Account: answer.Account, Arn: answer.Arn })})`);
        return { account: answer.Account, arn: answer.Arn, partition };
    }
    catch (error) {
        throw credentialsFailure(region, error);
    }
    finally {
        client.destroy();
    }
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-account/dist-cjs/index.js
var client_account_dist_cjs = __webpack_require__(2990);
// EXTERNAL MODULE: ./src/model/action-io.ts
var action_io = __webpack_require__(4696);
;// CONCATENATED MODULE: ./src/preflight/enabled-regions.ts




/** Regions a caller can use: opted in, or enabled for every account. */
const USABLE = ['ENABLED', 'ENABLED_BY_DEFAULT'];
/**
 * Every region enabled for the caller's account (Account Management ListRegions, all pages), in
 * the partition of `region`: the one the credentials were checked in.
 */
async function enabledRegions(region) {
    const client = new client_account_dist_cjs/* AccountClient */.pt({ region, customUserAgent: USER_AGENT });
    const regions = [];
    try {
        for await (const page of (0,client_account_dist_cjs/* paginateListRegions */.$P)({ client }, { RegionOptStatusContains: USABLE }))
            for (const listed of page.Regions ?? [])
                if (listed.RegionName && USABLE.includes(listed.RegionOptStatus))
                    regions.push(listed.RegionName);
    }
    catch (error) {
        throw new errors/* InputError */.dz(action_io/* Input */.p.Regions, `all needs the account's enabled regions, but Account ListRegions failed (${(0,errors/* errorLine */.BP)(error)}); expected the role to allow account:ListRegions, or a list of regions.`);
    }
    finally {
        client.destroy();
    }
    if (regions.length === 0)
        throw new errors/* InputError */.dz(action_io/* Input */.p.Regions, 'all found no enabled region: Account ListRegions listed none ENABLED or ENABLED_BY_DEFAULT; expected a list of regions.');
    return [...new Set(regions)].sort();
}

// EXTERNAL MODULE: ./src/model/permission-grant.ts
var permission_grant = __webpack_require__(7933);
// EXTERNAL MODULE: ./src/model/s3-bucket-name.ts
var s3_bucket_name = __webpack_require__(1608);
;// CONCATENATED MODULE: ./src/preflight/account-checks.ts





const FUNCTION_ARN = /^arn:([^:]+):lambda:([^:]+):(\d{12}):function:/;
function checkFunctions(options, identity) {
    for (const target of options.functions) {
        const arn = FUNCTION_ARN.exec(target.name);
        if (!arn)
            continue;
        const [, partition, region, account] = arn;
        if (partition !== identity.partition || account !== identity.account) {
            throw new errors/* InputError */.dz(action_io/* Input */.p.UpdateFunctions, `${(0,errors/* quote */.hD)(target.name)} is in account ${account} (${partition}), but the credentials are of account ${identity.account} (${identity.partition}) and publish there; expected functions of that account, by plain name or ARN.`);
        }
        if (options.allRegions && !options.regions.includes(region)) {
            throw new errors/* InputError */.dz(action_io/* Input */.p.UpdateFunctions, `${(0,errors/* quote */.hD)(target.name)} is in ${region}, which is not enabled for the account (regions: all found ${options.regions.length}); expected functions in the regions published to, or plain names.`);
        }
    }
}
/**
 * Checks the inputs against the account the credentials belong to, before anything is built:
 * regions and principal ARNs in its partition, function ARNs of that account, bucket names for
 * every resolved region.
 */
function checkAgainstAccount(options, identity) {
    const { partition } = (0,model_partition/* partitionOfRegions */.Xh)(options.regions);
    if (partition !== undefined && partition !== identity.partition) {
        throw new errors/* InputError */.dz(action_io/* Input */.p.Regions, `${options.regions.join(', ')} are in partition ${partition}, but the credentials are of ${identity.partition} (${identity.arn}); expected regions of ${identity.partition}, or credentials for ${partition}.`);
    }
    const outside = (0,permission_grant/* principalsOutsidePartition */.HH)(options.grants, identity.partition);
    if (outside.length > 0)
        throw (0,permission_grant/* principalPartitionError */.B8)(outside[0], identity.partition, 'the credentials and regions');
    checkFunctions(options, identity);
    const { bucketFor } = options;
    if (bucketFor === undefined || !options.allRegions)
        return;
    for (const region of options.regions) {
        const error = (0,s3_bucket_name/* bucketNameError */.q)(bucketFor(region));
        if (error)
            throw error;
    }
}

;// CONCATENATED MODULE: ./src/preflight/preflight.ts



/** Where STS is asked when the regions are not known yet (regions: all without AWS_REGION). */
const DEFAULT_REGION = 'us-east-1';
/** The region STS (and, for regions: all, Account) is called in: the first region, else the runner's. */
function identityRegion(regions, env) {
    return regions[0] ?? (env.AWS_REGION || env.AWS_DEFAULT_REGION || DEFAULT_REGION);
}
/**
 * Before anything is built: resolves the credentials and their account (STS GetCallerIdentity),
 * resolves regions: all (Account ListRegions, in the partition of the credentials) and checks
 * the inputs against that account. Throws one line naming the fix.
 */
async function preflight(options, env) {
    const region = identityRegion(options.regions, env);
    const identity = await callerIdentity(region);
    const regions = options.allRegions ? await enabledRegions(region) : options.regions;
    checkAgainstAccount({ ...options, regions }, identity);
    return { identity, regions };
}

;// CONCATENATED MODULE: ./src/publishing.ts
/**
 * main.ts's wiring of the steps that reach AWS: the account preflight, the version before and
 * the publishing itself, each given its slice of the inputs. main.ts loads this module only when
 * it publishes, so the AWS SDK clients stay out of the startup of a run that only builds (and out
 * of the time before the build starts).
 */












/**
 * When publishing: the credentials, their account and regions: all, resolved before the build;
 * the inputs checked against that account. Returns the inputs with the regions resolved.
 */
async function resolveAccount(inputs) {
    if (!inputs.publish)
        return inputs;
    const bucketTemplate = inputs.s3Bucket;
    const { identity, regions } = await preflight({
        regions: inputs.regions,
        allRegions: inputs.allRegions,
        grants: inputs.grants,
        functions: inputs.functions,
        bucketFor: bucketTemplate === undefined ? undefined : region => (0,templates/* expandTemplate */.Ly)(bucketTemplate, { region })
    }, process.env);
    core/* info */.pq(`AWS credentials: ${identity.arn}`);
    if (inputs.allRegions)
        core/* info */.pq(`regions: all is ${regions.length} region(s) enabled for the account: ${regions.join(', ')}`);
    return { ...inputs, regions };
}
async function archiveContent(inputs, archive) {
    const bucketTemplate = inputs.s3Bucket;
    if (bucketTemplate === undefined)
        return { kind: 'zip', bytes: await (0,promises_.readFile)(archive.path) };
    return {
        kind: 's3',
        bucketFor: region => (0,templates/* expandTemplate */.Ly)(bucketTemplate, { region }),
        key: stagingKey(inputs.s3Prefix, inputs.layerName, archive.codeSha256),
        zipPath: archive.path,
        keepStaged: inputs.s3Keep
    };
}
function publishOptions(inputs) {
    const ssmTemplate = inputs.ssmParameter;
    return {
        skipUnchanged: inputs.skipUnchanged,
        retryTimeoutMs: inputs.retryTimeoutMs,
        log: line => core/* info */.pq(line),
        ssmParameterFor: ssmTemplate === undefined ? undefined : region => (0,templates/* expandTemplate */.Ly)(ssmTemplate, (0,read_inputs/* templateValues */.n)(inputs, region)),
        keepVersions: inputs.keepVersions,
        functions: inputs.functions,
        attach: inputs.attach
    };
}
/** Reading the version before (for the summary only) retries at most this long, within retry-timeout. */
const PREVIOUS_VERSION_RETRY_MS = 60_000;
/** The newest version before this run in the first region, to show what changed; problems are warnings. */
async function previousVersion(inputs, codeSha256, packages) {
    const region = inputs.regions[0];
    const current = { layerName: inputs.layerName, codeSha256, packages };
    const previous = await (0,timed_group/* timedGroup */.R)(`Compare with the newest version in ${region}`, () => readPreviousVersion(region, current, Math.min(inputs.retryTimeoutMs, PREVIOUS_VERSION_RETRY_MS)));
    if (previous.kind === 'unavailable')
        core/* warning */.$e(`Changes since the version before not shown: ${previous.reason}`);
    if (previous.kind === 'found' && previous.unreadable)
        core/* warning */.$e(`${region}: packages of version ${previous.version} not compared: ${previous.unreadable}`);
    return previous;
}
async function publish(inputs, archive, progress, run) {
    const content = await archiveContent(inputs, archive);
    const publication = {
        layerName: inputs.layerName,
        content,
        codeSha256: archive.codeSha256,
        compatibleRuntimes: inputs.compatibleRuntimes,
        architectures: inputs.architectures,
        licenseInfo: inputs.licenseInfo,
        grants: inputs.grants
    };
    const template = inputs.description;
    const descriptionFor = (region) => template === undefined ? undefined : (0,description/* expandDescription */.R)(template, (0,read_inputs/* templateValues */.n)(inputs, region), run);
    return (0,timed_group/* timedGroup */.R)(`Publish to ${inputs.regions.length} region(s)`, async () => {
        const results = await publishWithDescriptions(inputs.regions, publication, descriptionFor, publishOptions(inputs), {
            started: region => progress.started(region),
            versionKnown: (region, version) => progress.versionKnown(region, version),
            finished: result => {
                progress.finished(result);
                (0,log_lines/* logRegionResult */.o)(result, inputs.onRegionFailure);
            }
        });
        for (const name of (0,outputs/* functionsFoundNowhere */.WU)(results))
            core/* warning */.$e(`update-functions: no function ${name} in any region published to.`);
        return results;
    });
}


/***/ })

};

//# sourceMappingURL=861.index.js.map