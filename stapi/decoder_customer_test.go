package stapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/stgen-dev/stgen/stapi"
)

// The types below are shaped like crm's CustomerResponse page (release
// 2026-05-11) as the generator writes them, with a few fields more so that
// every kind of field generated code decodes is here: a pointer to a struct,
// a map, an interface, dates, an integer enum, a type with its own
// UnmarshalJSON. Their decoders are written by hand exactly as generated code
// will be.

type CustomerType string

type ContactType string

type Priority int

type PaginatedResponseOfCustomerResponse struct {
	Data       []CustomerResponse `json:"data"`
	HasMore    bool               `json:"hasMore"`
	Page       int32              `json:"page"`
	PageSize   int32              `json:"pageSize"`
	TotalCount *int32             `json:"totalCount,omitempty"`
}

type CustomerResponse struct {
	ID                 int64               `json:"id"`
	Active             bool                `json:"active"`
	Name               string              `json:"name"`
	Type               CustomerType        `json:"type"`
	Address            CustomerAddress     `json:"address"`
	CustomFields       []CustomFieldModel  `json:"customFields"`
	Balance            float64             `json:"balance"`
	TaxExempt          bool                `json:"taxExempt"`
	TagTypeIDs         []int64             `json:"tagTypeIds"`
	DoNotMail          bool                `json:"doNotMail"`
	DoNotService       bool                `json:"doNotService"`
	NationalAccount    bool                `json:"nationalAccount"`
	CreatedOn          time.Time           `json:"createdOn"`
	CreatedByID        int64               `json:"createdById"`
	ModifiedOn         time.Time           `json:"modifiedOn"`
	MergedToID         *int64              `json:"mergedToId,omitempty"`
	PaymentTermID      *int64              `json:"paymentTermId,omitempty"`
	CreditLimit        *float64            `json:"creditLimit,omitempty"`
	CreditLimitBalance *float64            `json:"creditLimitBalance,omitempty"`
	ExternalData       []ExternalDataModel `json:"externalData"`
	Contacts           []CustomerContact   `json:"contacts"`
	BillingAddress     *CustomerAddress    `json:"billingAddress,omitempty"`
	Labels             map[string]string   `json:"labels"`
	Metadata           any                 `json:"metadata"`
	MemberSince        stapi.Date          `json:"memberSince"`
	RenewalDate        *stapi.Date         `json:"renewalDate,omitempty"`
	LastVisit          *time.Time          `json:"lastVisit,omitempty"`
	Priority           Priority            `json:"priority"`
	Score              int                 `json:"score"`
	Extra              json.RawMessage     `json:"extra,omitempty"`
}

type CustomerAddress struct {
	Street    string   `json:"street"`
	Unit      *string  `json:"unit,omitempty"`
	City      string   `json:"city"`
	State     string   `json:"state"`
	Zip       string   `json:"zip"`
	Country   string   `json:"country"`
	Latitude  *float64 `json:"latitude,omitempty"`
	Longitude *float64 `json:"longitude,omitempty"`
}

type CustomFieldModel struct {
	TypeID int64   `json:"typeId"`
	Name   *string `json:"name,omitempty"`
	Value  *string `json:"value,omitempty"`
}

type ExternalDataModel struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type CustomerContact struct {
	ID            int64          `json:"id"`
	Type          ContactType    `json:"type"`
	Value         string         `json:"value"`
	Memo          *string        `json:"memo,omitempty"`
	ModifiedOn    time.Time      `json:"modifiedOn"`
	PhoneSettings *PhoneSettings `json:"phoneSettings,omitempty"`
	CreatedOn     time.Time      `json:"createdOn"`
}

type PhoneSettings struct {
	PhoneNumber string `json:"phoneNumber"`
	DoNotText   bool   `json:"doNotText"`
}

func decodePaginatedResponseOfCustomerResponse(d *stapi.Decoder, v *PaginatedResponseOfCustomerResponse) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "DATA":
			stapi.Slice(d, &v.Data, decodeCustomerResponse)
		case "HASMORE":
			d.Bool(&v.HasMore)
		case "PAGE":
			d.Int32(&v.Page)
		case "PAGESIZE":
			d.Int32(&v.PageSize)
		case "TOTALCOUNT":
			stapi.Ptr(d, &v.TotalCount, (*stapi.Decoder).Int32)
		default:
			d.Skip()
		}
	}
}

func decodeCustomerResponse(d *stapi.Decoder, v *CustomerResponse) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "ID":
			d.Int64(&v.ID)
		case "ACTIVE":
			d.Bool(&v.Active)
		case "NAME":
			d.String(&v.Name)
		case "TYPE":
			stapi.Enum(d, &v.Type)
		case "ADDRESS":
			decodeCustomerAddress(d, &v.Address)
		case "CUSTOMFIELDS":
			stapi.Slice(d, &v.CustomFields, decodeCustomFieldModel)
		case "BALANCE":
			d.Float64(&v.Balance)
		case "TAXEXEMPT":
			d.Bool(&v.TaxExempt)
		case "TAGTYPEIDS":
			stapi.Slice(d, &v.TagTypeIDs, (*stapi.Decoder).Int64)
		case "DONOTMAIL":
			d.Bool(&v.DoNotMail)
		case "DONOTSERVICE":
			d.Bool(&v.DoNotService)
		case "NATIONALACCOUNT":
			d.Bool(&v.NationalAccount)
		case "CREATEDON":
			d.Time(&v.CreatedOn)
		case "CREATEDBYID":
			d.Int64(&v.CreatedByID)
		case "MODIFIEDON":
			d.Time(&v.ModifiedOn)
		case "MERGEDTOID":
			stapi.Ptr(d, &v.MergedToID, (*stapi.Decoder).Int64)
		case "PAYMENTTERMID":
			stapi.Ptr(d, &v.PaymentTermID, (*stapi.Decoder).Int64)
		case "CREDITLIMIT":
			stapi.Ptr(d, &v.CreditLimit, (*stapi.Decoder).Float64)
		case "CREDITLIMITBALANCE":
			stapi.Ptr(d, &v.CreditLimitBalance, (*stapi.Decoder).Float64)
		case "EXTERNALDATA":
			stapi.Slice(d, &v.ExternalData, decodeExternalDataModel)
		case "CONTACTS":
			stapi.Slice(d, &v.Contacts, decodeCustomerContact)
		case "BILLINGADDRESS":
			stapi.Ptr(d, &v.BillingAddress, decodeCustomerAddress)
		case "LABELS":
			stapi.Map(d, &v.Labels, (*stapi.Decoder).String)
		case "METADATA":
			d.Any(&v.Metadata)
		case "MEMBERSINCE":
			d.Date(&v.MemberSince)
		case "RENEWALDATE":
			stapi.Ptr(d, &v.RenewalDate, (*stapi.Decoder).Date)
		case "LASTVISIT":
			stapi.Ptr(d, &v.LastVisit, (*stapi.Decoder).Time)
		case "PRIORITY":
			stapi.IntEnum(d, &v.Priority)
		case "SCORE":
			d.Int(&v.Score)
		case "EXTRA":
			d.Unmarshal(&v.Extra)
		default:
			d.Skip()
		}
	}
}

func decodeCustomerAddress(d *stapi.Decoder, v *CustomerAddress) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "STREET":
			d.String(&v.Street)
		case "UNIT":
			stapi.Ptr(d, &v.Unit, (*stapi.Decoder).String)
		case "CITY":
			d.String(&v.City)
		case "STATE":
			d.String(&v.State)
		case "ZIP":
			d.String(&v.Zip)
		case "COUNTRY":
			d.String(&v.Country)
		case "LATITUDE":
			stapi.Ptr(d, &v.Latitude, (*stapi.Decoder).Float64)
		case "LONGITUDE":
			stapi.Ptr(d, &v.Longitude, (*stapi.Decoder).Float64)
		default:
			d.Skip()
		}
	}
}

func decodeCustomFieldModel(d *stapi.Decoder, v *CustomFieldModel) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "TYPEID":
			d.Int64(&v.TypeID)
		case "NAME":
			stapi.Ptr(d, &v.Name, (*stapi.Decoder).String)
		case "VALUE":
			stapi.Ptr(d, &v.Value, (*stapi.Decoder).String)
		default:
			d.Skip()
		}
	}
}

func decodeExternalDataModel(d *stapi.Decoder, v *ExternalDataModel) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "KEY":
			d.String(&v.Key)
		case "VALUE":
			d.String(&v.Value)
		default:
			d.Skip()
		}
	}
}

func decodeCustomerContact(d *stapi.Decoder, v *CustomerContact) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "ID":
			d.Int64(&v.ID)
		case "TYPE":
			stapi.Enum(d, &v.Type)
		case "VALUE":
			d.String(&v.Value)
		case "MEMO":
			stapi.Ptr(d, &v.Memo, (*stapi.Decoder).String)
		case "MODIFIEDON":
			d.Time(&v.ModifiedOn)
		case "PHONESETTINGS":
			stapi.Ptr(d, &v.PhoneSettings, decodePhoneSettings)
		case "CREATEDON":
			d.Time(&v.CreatedOn)
		default:
			d.Skip()
		}
	}
}

func decodePhoneSettings(d *stapi.Decoder, v *PhoneSettings) {
	for key := d.Object(); key != nil; key = d.Field() {
		switch string(key) {
		case "PHONENUMBER":
			d.String(&v.PhoneNumber)
		case "DONOTTEXT":
			d.Bool(&v.DoNotText)
		default:
			d.Skip()
		}
	}
}

// decodePage decodes a page body as the generated client will.
func decodePage(body []byte) (PaginatedResponseOfCustomerResponse, error) {
	var out PaginatedResponseOfCustomerResponse
	err := stapi.Decode(body, &out, decodePaginatedResponseOfCustomerResponse)
	return out, err
}

// customerPage returns a page of n customers as ServiceTitan would send it:
// compact JSON, UTC date-times with up to 7 fractional digits, names with the
// odd accent or quote, most optional fields present.
func customerPage(n int) []byte {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	first := []string{"John", "Maria", "José", "Wei", "Aisha", "Olivia", "Liam", "Noah", "Emma", "Zoë"}
	last := []string{"Smith", "García", "O'Brien", "Nguyen", "Müller", "Johnson", "Brown", "Davis", "Miller", "Wilson"}
	streets := []string{"Main St", "Oak Avenue", "Pine Rd", "Maple Dr", "Cedar Ln", "Elm Street", "Sunset Blvd"}
	cities := []string{"Glendale", "Pasadena", "Burbank", "Springfield", "Riverside", "Fairview"}
	states := []string{"CA", "TX", "NY", "FL", "WA", "AZ"}
	ptr := func(v float64) *float64 { return &v }
	str := func(s string) *string { return &s }
	base := time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)
	when := func() time.Time {
		return base.Add(time.Duration(r.Int64N(int64(6 * 365 * 24 * time.Hour)))).Truncate(100 * time.Nanosecond)
	}
	page := PaginatedResponseOfCustomerResponse{Page: 1, PageSize: int32(n), HasMore: true}
	for i := range n {
		name := first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
		if i%25 == 0 {
			name += ` "Jr."`
		}
		c := CustomerResponse{
			ID:     int64(10_000_000 + i*7),
			Active: r.IntN(10) > 0,
			Name:   name,
			Type:   CustomerType([]string{"Residential", "Commercial"}[r.IntN(2)]),
			Address: CustomerAddress{
				Street:    fmt.Sprintf("%d %s", 100+r.IntN(9900), streets[r.IntN(len(streets))]),
				City:      cities[r.IntN(len(cities))],
				State:     states[r.IntN(len(states))],
				Zip:       fmt.Sprintf("%05d", r.IntN(100000)),
				Country:   "USA",
				Latitude:  ptr(float64(r.IntN(1_800_000)-900_000) / 1e4),
				Longitude: ptr(float64(r.IntN(3_600_000)-1_800_000) / 1e4),
			},
			CustomFields: []CustomFieldModel{
				{TypeID: int64(1000 + r.IntN(50)), Name: str("Referral source"), Value: str([]string{"Google", "Yelp", "Friend"}[r.IntN(3)])},
			},
			Balance:            float64(r.IntN(500_000)) / 100,
			TaxExempt:          r.IntN(20) == 0,
			TagTypeIDs:         []int64{int64(r.IntN(1000))},
			DoNotMail:          r.IntN(5) == 0,
			DoNotService:       r.IntN(50) == 0,
			CreatedOn:          when(),
			CreatedByID:        int64(r.IntN(100000)),
			ModifiedOn:         when(),
			PaymentTermID:      func() *int64 { v := int64(r.IntN(20)); return &v }(),
			CreditLimit:        ptr(float64(r.IntN(10)) * 1000),
			CreditLimitBalance: ptr(float64(r.IntN(1_000_000)) / 100),
			ExternalData:       []ExternalDataModel{{Key: "crmId", Value: fmt.Sprintf("CRM-%08d", r.IntN(1e8))}},
			Contacts: []CustomerContact{
				{ID: int64(50_000_000 + 2*i), Type: "Phone", Value: fmt.Sprintf("555%07d", r.IntN(1e7)), ModifiedOn: when(), CreatedOn: when()},
			},
			Labels:      map[string]string{"segment": []string{"gold", "silver", "bronze"}[r.IntN(3)]},
			MemberSince: stapi.DateOf(when()),
			Priority:    Priority(1 + r.IntN(3)),
			Score:       r.IntN(1000),
		}
		if i%4 == 0 {
			c.Metadata = map[string]any{"source": "import", "score": float64(r.IntN(100))}
		}
		if i%8 == 0 {
			c.Contacts = append(c.Contacts, CustomerContact{ID: int64(50_000_001 + 2*i), Type: "Email", Value: fmt.Sprintf("customer%d@example.com", i), Memo: str("billing"), ModifiedOn: when(), CreatedOn: when()})
		}
		if i%2 == 0 {
			c.CustomFields = append(c.CustomFields, CustomFieldModel{TypeID: int64(1050 + r.IntN(50)), Name: str("Gate code")})
			c.Contacts[0].PhoneSettings = &PhoneSettings{PhoneNumber: c.Contacts[0].Value, DoNotText: r.IntN(2) == 0}
		} else {
			c.Contacts = nil
		}
		if i%3 == 0 {
			c.Address.Unit = str(fmt.Sprintf("Apt %d", 1+r.IntN(300)))
		}
		if i%5 == 0 {
			c.BillingAddress = &CustomerAddress{Street: "PO Box " + fmt.Sprint(r.IntN(9999)), City: "Glendale", State: "CA", Zip: "91203", Country: "USA"}
		}
		if i%10 == 0 {
			m := c.ID - 3
			c.MergedToID = &m
			t := when()
			c.LastVisit = &t
			rd := stapi.DateOf(when())
			c.RenewalDate = &rd
		}
		page.Data = append(page.Data, c)
	}
	total := int32(n * 3)
	page.TotalCount = &total
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(page); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
