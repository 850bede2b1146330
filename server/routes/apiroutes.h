#pragma once

#include "authuser.h"
#include "httpmessage.h"
#include "jobstore.h"
#include "photo.h"

#include <functional>
#include <memory>
#include <optional>

namespace dispatch::server {

class Authenticator;
class DraftStore;
class EventStream;
class HttpRouter;
class OpenOfferCache;
class PhotoFiles;
class PhotoStore;
class WorkerPool;
class ServerMetrics;
class UserStore;

/// The protocol's routes (docs/openapi.yaml), thin: parse, authorise, call the store, map the
/// result to a status. Account and service routes live in accountroutes.cpp, one user's
/// routes and a user's own password in userroutes.cpp, job and offer routes in jobroutes.cpp,
/// photo routes in photoroutes.cpp, the new-job wizard's drafts in draftroutes.cpp.
class ApiRoutes final {
public:
    struct Services {
        JobStore &jobs;
        UserStore &users;
        Authenticator &auth;
        EventStream &events;
        ServerMetrics &metrics;
        PhotoStore &photos;
        PhotoFiles &photoFiles;
        WorkerPool &photoWorkers;
        DraftStore &drafts;
        std::function<bool()> databaseHealthy;
    };
    explicit ApiRoutes(Services services);
    ~ApiRoutes();

    void registerAll(HttpRouter &router);

    /// Maps a store error or result to the response a client gets.
    static int statusFor(StoreError::Kind kind);
    static HttpResponse errorResponse(const StoreError &error);
    static HttpResponse jobResponse(int status, const Job &job, const AuthUser &viewer);
    static HttpResponse writeResponse(const WriteResult &result, const AuthUser &viewer,
                                      int successStatus = 200);

private:
    using AuthedHandler = std::function<HttpResponse(const HttpRequest &, const AuthUser &)>;
    HttpHandler authed(AuthedHandler handler);

    void registerAccountRoutes(HttpRouter &router);
    void registerUserRoutes(HttpRouter &router);
    void registerServiceRoutes(HttpRouter &router);
    void registerJobRoutes(HttpRouter &router);
    void registerOfferRoutes(HttpRouter &router);
    void registerPhotoRoutes(HttpRouter &router);
    void registerDraftRoutes(HttpRouter &router);

    HttpResponse getJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse listJobs(const HttpRequest &request, const AuthUser &user);
    HttpResponse createJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse patchJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse transitionJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse assignJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse scheduleJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse dispatchJob(const HttpRequest &request, const AuthUser &user);
    HttpResponse addNote(const HttpRequest &request, const AuthUser &user);
    HttpResponse jobHistory(const HttpRequest &request, const AuthUser &user);
    HttpResponse listOffers(const HttpRequest &request, const AuthUser &user);
    HttpResponse jobCandidates(const HttpRequest &request, const AuthUser &user);
    HttpResponse createDraft(const HttpRequest &request, const AuthUser &user);
    HttpResponse listDrafts(const HttpRequest &request, const AuthUser &user);
    HttpResponse getDraft(const HttpRequest &request, const AuthUser &user);
    HttpResponse deleteDraft(const HttpRequest &request, const AuthUser &user);
    HttpResponse setDraftField(const HttpRequest &request, const AuthUser &user);
    HttpResponse publishDraft(const HttpRequest &request, const AuthUser &user);
    HttpResponse listJobPhotos(const HttpRequest &request, const AuthUser &user);
    HttpResponse uploadPhoto(const HttpRequest &request, const AuthUser &user);
    HttpResponse getPhoto(const HttpRequest &request, const AuthUser &user);
    HttpResponse reviewPhoto(const HttpRequest &request, const AuthUser &user);
    HttpResponse photoQueue(const HttpRequest &request, const AuthUser &user);
    HttpResponse photoContent(const HttpRequest &request, const AuthUser &user);
    HttpResponse photoThumbnail(const HttpRequest &request, const AuthUser &user);
    /// The photo named by the request's first argument, if `user` may see its job; else the
    /// 404 (or 503) to answer.
    std::optional<Photo> visiblePhoto(const HttpRequest &request, const AuthUser &user,
                                      HttpResponse *error);

    Services m_services;
    std::unique_ptr<OpenOfferCache> m_offerCache;
};

} // namespace dispatch::server
