package web

import (
	"net/http"
	"strconv"

	"bianmin/internal/bianmin"
	"bianmin/internal/policy"
)

func (s *Server) policyRoutes() []route {
	rs := []route{
		{method: "GET", pattern: "/admin/policy", access: rolesOnly(policyEditors...), h: s.pagePolicy},
		{method: "POST", pattern: "/admin/policy", access: rolesOnly(policyEditors...), h: s.doSavePolicy},
	}
	api := []route{
		{method: "GET", pattern: "/api/v1/centres/{id}/policy", access: anyStaff, h: s.apiPolicy,
			doc: apiDoc{Summary: "The centre's policy in force today: version, parameters with rule ID and source, YAML document", Tag: "policy", Response: policyResponse{}}},
		{method: "GET", pattern: "/api/v1/centres/{id}/policy/versions", access: rolesOnly(policyEditors...), h: s.apiPolicyVersions,
			doc: apiDoc{Summary: "All stored policy versions of the centre", Tag: "policy", Response: []policy.Version{}}},
		{method: "POST", pattern: "/api/v1/centres/{id}/policy", access: rolesOnly(policyEditors...), h: s.apiSavePolicy,
			doc: apiDoc{Summary: "Validate and store a new policy version (ORG-5 notice for hour changes)", Tag: "policy", Body: policySaveRequest{}, Response: policy.Version{}}},
		{method: "POST", pattern: "/api/v1/policy/validate", access: anyStaff, h: s.apiValidatePolicy,
			doc: apiDoc{Summary: "Validate a policy document; errors name line and field", Tag: "policy", Body: policySaveRequest{}, Response: okResponse{}}},
	}
	for i := range api {
		api[i].api = true
	}
	return append(rs, api...)
}

type policyResponse struct {
	CentreID int64          `json:"centre_id"`
	Version  int            `json:"version"`
	Params   []policy.Param `json:"params"`
	Document string         `json:"document"`
}

type policySaveRequest struct {
	EffectiveFrom string `json:"effective_from"`
	Note          string `json:"note"`
	Document      string `json:"document"`
}

// policyCentre picks the centre from ?centre_id= or the actor's home centre; it must be in scope.
func policyCentre(r *http.Request, raw string) (int64, error) {
	a := req(r).Actor
	id, _ := strconv.ParseInt(raw, 10, 64)
	if id == 0 {
		id = homeCentre(a)
	}
	if !a.Scope.Has(id) {
		return 0, bianmin.ErrForbidden
	}
	return id, nil
}

func (s *Server) pagePolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := policyCentre(r, r.URL.Query().Get("centre_id"))
	if err != nil {
		return err
	}
	return s.renderPolicy(w, r, id, http.StatusOK, nil, "", nil)
}

func (s *Server) renderPolicy(w http.ResponseWriter, r *http.Request, centreID int64, status int, errs []string, notice string, form map[string]string) error {
	ctx, a := r.Context(), req(r).Actor
	p, version, err := s.svc.EffectivePolicy(ctx, centreID)
	if err != nil {
		return err
	}
	versions, err := s.svc.PolicyVersions(ctx, a, centreID)
	if err != nil {
		return err
	}
	doc, err := policy.Marshal(p)
	if err != nil {
		return err
	}
	name := strconv.FormatInt(centreID, 10)
	if cs, err := s.svc.ListCentres(ctx, a); err == nil {
		for _, c := range cs {
			if c.ID == centreID {
				name = c.Name
			}
		}
	}
	data := map[string]any{"CentreID": centreID, "CentreName": name, "Version": version, "Params": policy.Params(p),
		"Versions": versions, "Document": string(doc), "From": bianmin.LocalDate(s.svc.Clock.Now()),
		"Errors": errs, "Notice": notice}
	if form != nil {
		data["Document"], data["From"], data["Note"] = form["document"], form["effective_from"], form["note"]
	}
	s.render(w, r, status, "policy", data)
	return nil
}

func (s *Server) doSavePolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := policyCentre(r, r.PostFormValue("centre_id"))
	if err != nil {
		return err
	}
	form := map[string]string{"document": r.PostFormValue("document"), "effective_from": r.PostFormValue("effective_from"), "note": r.PostFormValue("note")}
	v, err := s.svc.SavePolicyDocument(r.Context(), req(r).Actor, id, form["effective_from"], []byte(form["document"]), form["note"])
	if err != nil {
		return s.formError(w, r, err, func(status int, errs []string) error {
			return s.renderPolicy(w, r, id, status, errs, "", form)
		})
	}
	return s.renderPolicy(w, r, id, http.StatusOK, nil, T(req(r).Lang, "policy.saved", v.Version, v.EffectiveFrom), nil)
}

func (s *Server) apiPolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if !req(r).Actor.Scope.Has(id) {
		return bianmin.ErrForbidden
	}
	p, version, err := s.svc.EffectivePolicy(r.Context(), id)
	if err != nil {
		return err
	}
	doc, err := policy.Marshal(p)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, policyResponse{CentreID: id, Version: version, Params: policy.Params(p), Document: string(doc)})
	return nil
}

func (s *Server) apiPolicyVersions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	vs, err := s.svc.PolicyVersions(r.Context(), req(r).Actor, id)
	if err != nil {
		return err
	}
	if vs == nil {
		vs = []*policy.Version{}
	}
	writeJSON(w, http.StatusOK, vs)
	return nil
}

func (s *Server) apiSavePolicy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in policySaveRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	v, err := s.svc.SavePolicyDocument(r.Context(), req(r).Actor, id, in.EffectiveFrom, []byte(in.Document), in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiValidatePolicy(w http.ResponseWriter, r *http.Request) error {
	var in policySaveRequest
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := policy.Parse([]byte(in.Document)); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, okResponse{true})
	return nil
}
