// addressTimeZone(): the zone the detail pane offers for scheduling a job without a schedule
// (issue 11): a US state's zone, a country's only zone, nothing when the address does not say.
// addressPlace(): the town a dispatch board row names as a pro's home area.
#include <addresszone.h>
#include <fieldkeys.h>
#include <job.h>

#include <QTest>

using namespace dispatch;

class TestAddressZone final : public QObject {
    Q_OBJECT

private slots:
    void zoneOfTheAddress_data();
    void zoneOfTheAddress();
    void placeOfTheAddress_data();
    void placeOfTheAddress();
};

void TestAddressZone::zoneOfTheAddress_data()
{
    QTest::addColumn<QString>("country");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("zone");
    QTest::newRow("Brooklyn") << "US"
                              << "NY"
                              << "America/New_York";
    QTest::newRow("Phoenix") << "US"
                             << "AZ"
                             << "America/Phoenix";
    QTest::newRow("Austin, lower case") << "us"
                                        << "tx"
                                        << "America/Chicago";
    QTest::newRow("Denver") << "US"
                            << "CO"
                            << "America/Denver";
    QTest::newRow("unknown state") << "US"
                                   << "ZZ"
                                   << "";
    QTest::newRow("no state") << "US"
                              << ""
                              << "";
    QTest::newRow("no codes") << ""
                              << ""
                              << "";
    QTest::newRow("one-zone country") << "JP"
                                      << ""
                                      << "Asia/Tokyo";
    QTest::newRow("many-zone country") << "AU"
                                       << ""
                                       << "";
    QTest::newRow("not a country") << "QQ"
                                   << ""
                                   << "";
}

void TestAddressZone::zoneOfTheAddress()
{
    QFETCH(QString, country);
    QFETCH(QString, state);
    QFETCH(QString, zone);
    Job job;
    if (!country.isEmpty())
        job.fields.insert(FieldKey::CountryCode, country);
    if (!state.isEmpty())
        job.fields.insert(FieldKey::StateCode, state);
    QCOMPARE(addressTimeZone(job), zone);
}

void TestAddressZone::placeOfTheAddress_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("place");
    QTest::newRow("demo") << "4411 Oak Ave, Austin, TX"
                          << "TX"
                          << "Austin, TX";
    QTest::newRow("zip, no state code") << "12 Elm St, Round Rock, TX 78664"
                                        << ""
                                        << "Round Rock, TX";
    QTest::newRow("state code wins") << "1 Main St, Phoenix, Arizona"
                                     << "az"
                                     << "Phoenix, AZ";
    QTest::newRow("no town") << "12 Elm St, TX"
                             << "TX"
                             << "";
    QTest::newRow("empty town") << "12 Elm St, , TX"
                                << "TX"
                                << "";
    QTest::newRow("no address") << ""
                                << "TX"
                                << "";
}

void TestAddressZone::placeOfTheAddress()
{
    QFETCH(QString, address);
    QFETCH(QString, state);
    QFETCH(QString, place);
    Job job;
    job.fields.insert(FieldKey::Address, address);
    if (!state.isEmpty())
        job.fields.insert(FieldKey::StateCode, state);
    QCOMPARE(addressPlace(job), place);
}

QTEST_APPLESS_MAIN(TestAddressZone)
#include "tst_addresszone.moc"
