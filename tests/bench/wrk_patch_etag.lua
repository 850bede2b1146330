-- Conditional PATCHes for wrk: each request changes one job with If-Match set to the ETag of
-- that job's previous response, so a writer that keeps up never sees 412.
--
-- wrk gives no connection identity to Lua, so instead of one job per connection each thread
-- owns a pool of jobs (more than its connections) and a job is never in flight twice: request()
-- takes a free job, response() finds the job by the "id" in the body (the job on 200, the
-- error's "current" on 412), stores the response's ETag for it and frees it.
--
-- Usage: wrk … -s wrk_patch_etag.lua http://HOST:PORT -- JOBS_FILE THREADS
-- JOBS_FILE: line 1 the bearer token, line 2 the path prefix ("/api/v1/jobs/"),
-- then one "ID ETAG" per line.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "wrk_report.lua")

-- Main state: the threads, to sum their counters in done().
local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("index", #threads)
end

-- Thread state. Counters are globals so that done() can read them with thread:get().
n200, n412, nother, exhausted = 0, 0, 0, 0
local token, prefix
local etags, busy, free, owned = {}, {}, {}, {}
local seq = 0

function init(args)
   local file = assert(io.open(args[1], "r"))
   local threadCount = tonumber(args[2])
   token = file:read("*l")
   prefix = file:read("*l")
   local line = 0
   for entry in file:lines() do
      local id, etag = entry:match("^(%S+)%s+(.+)$")
      if id then
         -- Deal the jobs round-robin so every thread has its own, disjoint pool.
         if line % threadCount == index - 1 then
            etags[id] = etag
            table.insert(free, id)
            table.insert(owned, id)
         end
         line = line + 1
      end
   end
   file:close()
end

function request()
   local id = table.remove(free)
   if not id then
      -- More connections than jobs: share one, and its 412s will show it.
      exhausted = exhausted + 1
      id = owned[(exhausted % #owned) + 1]
   end
   busy[id] = true
   seq = seq + 1
   local body = string.format('{"changes":{"customer.name":"Bench %d-%d"}}', index, seq)
   return wrk.format("PATCH", prefix .. id, {
      ["Authorization"] = "Bearer " .. token,
      ["If-Match"] = etags[id],
      ["Content-Type"] = "application/json",
   }, body)
end

local function header(headers, name)
   for key, value in pairs(headers) do
      if key:lower() == name then
         return value
      end
   end
   return nil
end

function response(status, headers, body)
   if status == 200 then
      n200 = n200 + 1
   elseif status == 412 then
      n412 = n412 + 1
   else
      nother = nother + 1
   end
   local id = body and body:match('"id"%s*:%s*"([^"]+)"')
   if id and etags[id] then
      -- 200 and 412 both carry the job's current ETag.
      local etag = header(headers, "etag")
      if etag then
         etags[id] = etag
      end
      if busy[id] then
         busy[id] = false
         table.insert(free, id)
      end
   end
end

function done(summary, latency, requests)
   local ok, failed, other, shared = 0, 0, 0, 0
   for _, thread in ipairs(threads) do
      ok = ok + thread:get("n200")
      failed = failed + thread:get("n412")
      other = other + thread:get("nother")
      shared = shared + thread:get("exhausted")
   end
   report(summary, latency, string.format("patch_200=%d patch_412=%d patch_other=%d pool_exhausted=%d",
                                          ok, failed, other, shared))
end
