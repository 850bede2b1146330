#include "demoseed.h"

#include "demopictures.h"
#include "fieldkeys.h"
#include "jobstore.h"
#include "photofiles.h"
#include "photostore.h"
#include "photoupload.h"
#include "spooledbody.h"
#include "userstore.h"

#include <algorithm>

#include <QDir>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTimeZone>

Q_LOGGING_CATEGORY(lcDemo, "dispatch.server.demo")

namespace dispatch::server {

namespace {

struct City {
    const char *name;
    const char *state;
    const char *timezone;
    double lat;
    double lng;
};

constexpr City kCities[] = {
    {"Austin", "TX", "America/Chicago", 30.2672, -97.7431},
    {"Denver", "CO", "America/Denver", 39.7392, -104.9903},
    {"Phoenix", "AZ", "America/Phoenix", 33.4484, -112.0740},
    {"Brooklyn", "NY", "America/New_York", 40.6782, -73.9442},
};

struct DemoPro {
    const char *username;
    const char *name;
    int city;
    double dLat;
    double dLng;
};

constexpr DemoPro kPros[] = {
    {"pro1", "Marcus Reyes", 0, 0.02, -0.03}, {"pro2", "Aisha Okafor", 0, -0.08, 0.05},
    {"pro3", "Tom Lindqvist", 0, 0.15, 0.10}, {"pro4", "Priya Nair", 0, -0.25, -0.20},
    {"pro5", "Jake Morrison", 0, 0.40, 0.30}, {"pro6", "Elena Petrova", 0, 0.05, 0.22},
    {"pro7", "Sam Whitaker", 1, 0.03, 0.01},  {"pro8", "Rosa Delgado", 1, -0.06, 0.04},
};

struct JobTemplate {
    const char *title;
    const char *details; ///< nullptr: the customer gave no notes
    int flatCents;       ///< 0: hourly
    int hourlyCents;
};

constexpr JobTemplate kTemplates[] = {
    {"Leaking kitchen faucet", "Drips constantly; shut-off valve under the sink is stiff.", 14500,
     0},
    {"Water heater not heating", "40-gallon gas unit, about 9 years old. Pilot keeps going out.", 0,
     11000},
    {"Install ceiling fan", "Fan is already bought. Bedroom, 9 ft ceiling, existing light box.",
     18000, 0},
    {"AC blowing warm air", nullptr, 0, 12500},
    {"Replace garbage disposal", "Old unit hums but does not spin.", 22000, 0},
    {"Clogged bathroom drain", nullptr, 9500, 0},
    {"Drywall patch after plumbing repair", "Two holes, roughly 1x1 ft each, hallway.", 26000, 0},
    {"Outlet not working in garage", "GFCI reset did not help. Freezer is on that circuit.", 0,
     9800},
    {"Fence gate sagging", "Wooden gate drags on the ground; hinges loose.", 12000, 0},
    {"Dishwasher leaving water", "Standing water after every cycle.", 0, 10500},
    {"Thermostat replacement", "Customer supplies a smart thermostat; C-wire unknown.", 15000, 0},
    {"Gutter cleaning, two storeys", nullptr, 19500, 0},
    {"Running toilet", "Upstairs bathroom, flapper replaced once already.", 8500, 0},
    {"Interior door sticks", "Three doors rub at the top after the rains.", 0, 8500},
    {"Smoke detector chirping", "High ceiling in the living room; needs a tall ladder.", 7500, 0},
};

constexpr const char *kCustomers[] = {
    "Olivia Bennett", "Noah Castillo", "Emma Fischer", "Liam O'Connor", "Ava Thompson",
    "Mateo Alvarez",  "Sophia Kim",    "Lucas Moreau", "Mia Johansson", "Ethan Brooks",
    "Isabella Rossi", "Mason Clarke",  "Amelia Novak", "Logan Hughes",  "Harper Singh",
};

constexpr const char *kStreets[] = {
    "Maple Ave", "Oak Street", "Cedar Lane", "Lakeview Dr", "Sunset Blvd",
    "Ridge Rd",  "Willow Way", "Elm Court",  "Pine Hollow", "River Bend",
};

/// How many jobs end in each status.
struct StatusCount {
    JobStatus status;
    int count;
};

constexpr StatusCount kStatusMix[] = {
    {JobStatus::Open, 18},          {JobStatus::Requested, 5},
    {JobStatus::Scheduled, 12},     {JobStatus::InProgress, 6},
    {JobStatus::CompletedByPro, 4}, {JobStatus::AwaitingCustomerConfirm, 4},
    {JobStatus::Paid, 5},           {JobStatus::Cancelled, 4},
    {JobStatus::Expired, 2},
};

/// The demo's photos: which scene, under which name.
struct DemoPhoto {
    demopictures::Scene scene;
    const char *filename;
};

constexpr DemoPhoto kDemoPhotos[] = {
    {demopictures::Scene::Wall, "wall-crack.jpg"},
    {demopictures::Scene::Pipe, "pipe-joint-leak.jpg"},
    {demopictures::Scene::Roof, "roof-missing-shingle.jpg"},
    {demopictures::Scene::Ceiling, "ceiling-stain.jpg"},
    {demopictures::Scene::Pipe, "under-sink.jpg"},
    {demopictures::Scene::Wall, "hallway-patch.jpg"},
    {demopictures::Scene::Ceiling, "bedroom-ceiling.jpg"},
    {demopictures::Scene::Roof, "gutter-view.jpg"},
};

/// Jobs given photos: the first few open offers (the customer's pictures, sent in by the
/// office) and the first few jobs a pro has been working on (the pro's own).
constexpr int kOpenJobsWithPhotos = 3;
constexpr int kWorkedJobsWithPhotos = 4;

class Seeder {
public:
    Seeder(JobStore &jobs, UserStore &users, PhotoStore &photos, PhotoFiles &files, QString *error)
        : m_jobs(jobs)
        , m_users(users)
        , m_photos(photos)
        , m_files(files)
        , m_error(error)
        , m_random(20261123)
    {}

    bool run()
    {
        if (!createUsers())
            return false;
        int index = 0;
        for (const StatusCount &mix : kStatusMix) {
            for (int i = 0; i < mix.count; ++i, ++index) {
                if (!createJob(index, mix.status))
                    return false;
                m_seeded.append(m_last);
            }
        }
        qCInfo(lcDemo) << "seeded" << index << "demo jobs";
        return seedPhotos();
    }

private:
    bool fail(const QString &what, const WriteResult &result)
    {
        *m_error = QStringLiteral("demo data: %1 failed: %2")
                       .arg(what, result.error ? result.error->message : QStringLiteral("?"));
        return false;
    }

    bool createUsers()
    {
        StoreError error;
        const QString password = QString::fromLatin1(kDemoPassword);
        for (const DemoUser &demo : demoUsers()) {
            if (demo.role != Role::Dispatcher)
                continue;
            const auto user = m_users.create(
                {demo.username, password, demo.name, Role::Dispatcher, std::nullopt, {}}, &error);
            if (!user) {
                *m_error = QStringLiteral("demo data: %1").arg(error.message);
                return false;
            }
            m_dispatchers.append(*user);
        }
        for (const DemoPro &pro : kPros) {
            const City &city = kCities[pro.city];
            const auto user = m_users.create({QString::fromLatin1(pro.username),
                                              password,
                                              QString::fromLatin1(pro.name),
                                              Role::Pro,
                                              GeoPoint{city.lat + pro.dLat, city.lng + pro.dLng},
                                              {}},
                                             &error);
            if (!user) {
                *m_error = QStringLiteral("demo data: %1").arg(error.message);
                return false;
            }
            m_pros.append(*user);
        }
        return true;
    }

    const AuthUser &dispatcher(int index) const { return m_dispatchers[index % 2]; }

    bool seedPhotos()
    {
        StoreError error;
        const auto admins = m_users.list(Role::Admin, &error);
        if (!admins || admins->isEmpty()) {
            *m_error = QStringLiteral("demo data: no admin to review photos");
            return false;
        }
        const AuthUser &admin = admins->constFirst();
        int open = 0, worked = 0, added = 0;
        for (const Job &job : std::as_const(m_seeded)) {
            const bool isOpen = JobStore::isOpenOffer(job);
            const bool isWorked = job.status >= JobStatus::InProgress &&
                                  job.status != JobStatus::Cancelled &&
                                  job.status != JobStatus::Expired && !job.assignedTo.isEmpty();
            if (isOpen ? open++ >= kOpenJobsWithPhotos
                       : !isWorked || worked++ >= kWorkedJobsWithPhotos)
                continue;
            const AuthUser uploader =
                isOpen ? dispatcher(added) : *m_users.find(job.assignedTo, &error);
            const int count = 2 + added % 3;
            for (int i = 0; i < count; ++i, ++added) {
                const DemoPhoto &demo = kDemoPhotos[added % std::size(kDemoPhotos)];
                const auto photo = addPhoto(uploader, job, demo, added);
                if (!photo)
                    return false;
                // One in three approved, one flagged with a note, the rest for the admin.
                if (added == 1) {
                    if (!review(admin, *photo, PhotoReviewState::Flagged,
                                QStringLiteral("Blurry: please retake the joint with the "
                                               "flash on.")))
                        return false;
                } else if (added % 3 == 0 &&
                           !review(admin, *photo, PhotoReviewState::Approved, QString())) {
                    return false;
                }
            }
        }
        qCInfo(lcDemo) << "seeded" << added << "demo photos";
        return true;
    }

    std::optional<Photo> addPhoto(const AuthUser &uploader, const Job &job, const DemoPhoto &demo,
                                  int number)
    {
        const QString filename = QString::fromLatin1(demo.filename);
        const QByteArray jpeg = demopictures::paint(
            demo.scene, number, filename + QStringLiteral("  ") + job.text(FieldKey::OrderId));
        // Through the upload's own path: a spooled body, the checks, the bytes by hash.
        QTemporaryFile spool(QDir(m_files.spoolDir()).filePath(QStringLiteral("demo-XXXXXX")));
        if (!spool.open() || spool.write(jpeg) != jpeg.size() || !spool.flush()) {
            *m_error = QStringLiteral("demo data: cannot write %1").arg(spool.fileName());
            return std::nullopt;
        }
        spool.close();
        SpooledBody body(spool.fileName(), jpeg.size());
        spool.setAutoRemove(false); // the SpooledBody has it now
        const StoredUpload stored = storeUpload(m_files, body, "image/jpeg");
        if (stored.check.outcome != PhotoCheck::Outcome::Ok || !stored.storeError.isEmpty()) {
            *m_error = QStringLiteral("demo data: a photo was refused: %1 %2")
                           .arg(stored.check.message, stored.storeError);
            return std::nullopt;
        }
        const NewPhoto photo{job.id,
                             stored.check.sha256,
                             filename,
                             QString::fromLatin1(stored.check.contentType),
                             jpeg.size(),
                             stored.check.width,
                             stored.check.height};
        const PhotoWriteResult result = m_photos.add(uploader, photo);
        if (!result.photo) {
            *m_error = QStringLiteral("demo data: adding a photo failed: %1")
                           .arg(result.error ? result.error->message : QStringLiteral("?"));
            return std::nullopt;
        }
        return result.photo;
    }

    bool review(const AuthUser &admin, const Photo &photo, PhotoReviewState state,
                const QString &note)
    {
        const PhotoWriteResult result =
            m_photos.review(admin, photo.id, EtagCondition::of(photo.etag()), state, note);
        if (!result.photo) {
            *m_error = QStringLiteral("demo data: reviewing a photo failed: %1")
                           .arg(result.error ? result.error->message : QStringLiteral("?"));
            return false;
        }
        return true;
    }

    /// The day (from today, in the job's zone) and the window's first hour of a demo job that
    /// ends in `target`, so the board tells a sensible story: paid, completed, cancelled and
    /// expired work lies in the past, work in progress is due today in a window that has begun,
    /// scheduled work and open offers lie in the coming days, and one open offer is overdue
    /// (nobody took it before its window).
    std::pair<int, int> scheduleFor(JobStatus target, int index, int hourNow)
    {
        const int anyHour = 8 + 2 * int(m_random.bounded(5)); // 08:00 … 16:00
        switch (target) {
        case JobStatus::Paid:
            return {-(4 + index % 10), anyHour};
        case JobStatus::AwaitingCustomerConfirm:
            return {-(1 + index % 3), anyHour};
        case JobStatus::CompletedByPro:
            return {-(index % 2), std::min(anyHour, std::max(6, hourNow - 4))};
        case JobStatus::InProgress:
            // Begun an hour or two ago (or first thing, early in the morning).
            return {0, std::clamp(hourNow - 1 - index % 2, 6, 18)};
        case JobStatus::Scheduled:
            return {1 + index % 6, anyHour};
        case JobStatus::Expired:
            return {-(2 + index % 4), anyHour};
        case JobStatus::Cancelled:
            return {-(1 + index % 3), anyHour};
        case JobStatus::Open:
            return {index == 0 ? -1 : 1 + int(m_random.bounded(10)), anyHour};
        default:
            return {1 + int(m_random.bounded(10)), anyHour};
        }
    }

    bool createJob(int index, JobStatus target)
    {
        const JobTemplate &tpl = kTemplates[index % std::size(kTemplates)];
        // Two jobs in three are in Austin, the rest spread over the other cities.
        const int cityIndex = index % 3 != 2 ? 0 : 1 + (index / 3) % 3;
        const City &city = kCities[cityIndex];
        const AuthUser &office = dispatcher(index);

        QJsonObject fields;
        fields.insert(FieldKey::Title, QString::fromLatin1(tpl.title));
        fields.insert(FieldKey::Details, tpl.details ? QJsonValue(QString::fromLatin1(tpl.details))
                                                     : QJsonValue(QJsonValue::Null));
        fields.insert(FieldKey::OrderId, QStringLiteral("ORD-%1").arg(10400 + index));
        const QString customer = QString::fromLatin1(kCustomers[index % std::size(kCustomers)]);
        fields.insert(FieldKey::CustomerName, customer);
        fields.insert(FieldKey::CustomerPhone,
                      QStringLiteral("+1 555 01%1").arg(10 + index, 2, 10, QLatin1Char('0')));
        fields.insert(FieldKey::CustomerEmail,
                      QString(customer.toLower().remove(u'\'').replace(u' ', u'.') +
                              QStringLiteral("@example.com")));
        fields.insert(FieldKey::Address,
                      QStringLiteral("%1 %2, %3, %4")
                          .arg(100 + m_random.bounded(9800))
                          .arg(QString::fromLatin1(kStreets[index % std::size(kStreets)]),
                               QString::fromLatin1(city.name), QString::fromLatin1(city.state)));
        fields.insert(
            FieldKey::Geo,
            QJsonObject{
                {QStringLiteral("lat"), city.lat + (m_random.generateDouble() - 0.5) * 0.6},
                {QStringLiteral("lng"), city.lng + (m_random.generateDouble() - 0.5) * 0.6}});
        fields.insert(FieldKey::CountryCode, QStringLiteral("US"));
        fields.insert(FieldKey::StateCode, QString::fromLatin1(city.state));
        if (tpl.flatCents > 0) {
            fields.insert(FieldKey::PricingKind, QStringLiteral("flat"));
            fields.insert(FieldKey::PricingAmountCents, tpl.flatCents);
        } else {
            fields.insert(FieldKey::PricingKind, QStringLiteral("hourly"));
            fields.insert(FieldKey::PricingHourlyRateCents, tpl.hourlyCents);
        }

        WriteResult result = m_jobs.create(office, fields, QString());
        if (!result.job)
            return fail(QStringLiteral("creating a job"), result);
        Job job = *result.job;
        m_last = job;
        const auto step = [&](const QString &what, WriteResult next) {
            if (!next.job)
                return fail(what, next);
            job = *next.job;
            m_last = job;
            return true;
        };
        const auto ifMatch = [&] { return EtagCondition::of(JobStore::etagOf(job)); };

        // Most jobs get a customer-chosen window in the city's own zone, on a day that fits
        // where the job ended (scheduleFor()).
        const bool scheduled = target != JobStatus::Open || index % 2 == 0;
        if (scheduled) {
            const QTimeZone zone(city.timezone);
            const QDateTime now = QDateTime::currentDateTimeUtc().toTimeZone(zone);
            const auto [day, startHour] = scheduleFor(target, index, now.time().hour());
            const JobSchedule schedule{now.date().addDays(day).toString(Qt::ISODate),
                                       QString::fromLatin1(city.timezone),
                                       QStringLiteral("%1:00-%2:00")
                                           .arg(startHour, 2, 10, QLatin1Char('0'))
                                           .arg(startHour + 3, 2, 10, QLatin1Char('0'))};
            if (!step(QStringLiteral("scheduling"),
                      m_jobs.schedule(office, job.id, ifMatch(), schedule)))
                return false;
        }
        if (target == JobStatus::Open)
            return true;
        if (target == JobStatus::Expired || target == JobStatus::Cancelled) {
            const bool viaRequest = target == JobStatus::Cancelled && index % 2 == 0;
            if (viaRequest &&
                !step(QStringLiteral("requesting"),
                      m_jobs.transition(office, job.id, ifMatch(), JobStatus::Requested, {}, {})))
                return false;
            return step(QStringLiteral("closing"),
                        m_jobs.transition(office, job.id, ifMatch(), target, {},
                                          target == JobStatus::Cancelled
                                              ? QStringLiteral("Customer cancelled by phone.")
                                              : QString()));
        }
        if (!step(QStringLiteral("requesting"),
                  m_jobs.transition(office, job.id, ifMatch(), JobStatus::Requested, {}, {})))
            return false;
        if (target == JobStatus::Requested)
            return true;
        const AuthUser &pro = m_pros[cityIndex == 1 ? 6 + index % 2 : int(index % 6)];
        if (!step(QStringLiteral("assigning"), m_jobs.assign(office, job.id, ifMatch(), pro.id)))
            return false;
        if (target == JobStatus::Scheduled)
            return true;
        if (!step(QStringLiteral("starting"),
                  m_jobs.transition(pro, job.id, ifMatch(), JobStatus::InProgress, job.codes->start,
                                    {})))
            return false;
        if (index % 3 == 0 &&
            !step(QStringLiteral("adding a note"),
                  m_jobs.addNote(pro, job.id, ifMatch(),
                                 QStringLiteral("On site. Parts look fine, starting now."))))
            return false;
        if (target == JobStatus::InProgress)
            return true;
        if (!step(QStringLiteral("completing"),
                  m_jobs.transition(pro, job.id, ifMatch(), JobStatus::CompletedByPro,
                                    job.codes->completion, {})))
            return false;
        if (target == JobStatus::CompletedByPro)
            return true;
        if (!step(QStringLiteral("asking the customer"),
                  m_jobs.transition(office, job.id, ifMatch(), JobStatus::AwaitingCustomerConfirm,
                                    {}, {})))
            return false;
        if (target == JobStatus::AwaitingCustomerConfirm)
            return true;
        return step(QStringLiteral("taking payment"),
                    m_jobs.transition(office, job.id, ifMatch(), JobStatus::Paid, {}, {}));
    }

    JobStore &m_jobs;
    UserStore &m_users;
    PhotoStore &m_photos;
    PhotoFiles &m_files;
    QString *m_error;
    QList<Job> m_seeded; ///< every job made, as it ended
    Job m_last;          ///< the job createJob() is making, as it is now
    QRandomGenerator m_random;
    QList<AuthUser> m_dispatchers;
    QList<AuthUser> m_pros;
};

} // namespace

QList<DemoUser> demoUsers()
{
    QList<DemoUser> users{
        {QStringLiteral("dana"), QStringLiteral("Dana Whitfield"), Role::Dispatcher},
        {QStringLiteral("diego"), QStringLiteral("Diego Alvarez"), Role::Dispatcher},
    };
    for (const DemoPro &pro : kPros)
        users.append({QString::fromLatin1(pro.username), QString::fromLatin1(pro.name), Role::Pro});
    return users;
}

bool seedDemoData(JobStore &jobs, UserStore &users, PhotoStore &photos, PhotoFiles &files,
                  QString *error)
{
    StoreError storeError;
    JobListQuery query;
    query.limit = 1;
    AuthUser system;
    system.role = Role::Admin;
    const JobPage existing = jobs.list(query, system);
    if (existing.error) {
        *error = existing.error->message;
        return false;
    }
    if (!existing.items.isEmpty())
        return true;
    return Seeder(jobs, users, photos, files, error).run();
}

} // namespace dispatch::server
